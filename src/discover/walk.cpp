#include "discover/walk.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>

#include "discover/parallel.hpp"
#include "discover/paths.hpp"
#include "discover/project_files.hpp"
#include "platform/platform.hpp"

namespace pagewise {
namespace fs = std::filesystem;
namespace {

struct FolderTask {
  std::string display;  // the folder in display form
  std::string rel;      // relative to the walk root, "" for the root itself
  std::shared_ptr<const IgnoreLevel> ignores;
};

std::string child_display(const std::string& folder, const std::string& name) {
  if (folder == ".") return name;
  if (!folder.empty() && folder.back() == '/') return folder + name;  // the filesystem root
  return folder + "/" + name;
}

// A work queue of folders shared by the walkers. The walk is over when the queue is empty and no
// walker is busy (a busy one may still queue subfolders).
class FolderWalk {
 public:
  FolderWalk(const std::string& root, const WalkOptions& opts) : opts_(opts) {
    queue_.push_back(FolderTask{root, "", opts.use_gitignore ? repository_ignores(root) : nullptr});
  }

  FolderListing run() {
    unsigned threads = std::max(1u, opts_.threads);
    std::vector<FolderListing> partial(threads);
    run_workers(threads, [this, &partial](unsigned t) { work(partial[t]); });
    return merge(partial);
  }

 private:
  void work(FolderListing& out) {
    for (;;) {
      FolderTask task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        idle_.wait(lock, [this] { return !queue_.empty() || busy_ == 0; });
        if (queue_.empty()) return;
        task = std::move(queue_.front());
        queue_.pop_front();
        ++busy_;
      }
      std::vector<FolderTask> subfolders;
      try {
        visit(task, out, subfolders);
      } catch (const std::exception& e) {
        out.problems.push_back(
            {task.display, std::string("cannot read folder: ") + e.what(), task.rel.empty(), true});
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        for (FolderTask& f : subfolders) queue_.push_back(std::move(f));
        --busy_;
      }
      idle_.notify_all();
    }
  }

  bool ignored(const IgnoreLevel* gitignores, const std::string& rel, bool is_dir) const {
    // On a caseless file system `--exclude Sub/Dir` names sub/dir (the patterns are lower-cased
    // in walk_options).
    switch (match_ignore(opts_.excludes, platform::kCaseSensitiveFileNames ? rel : ascii_lower(rel),
                         is_dir)) {
      case IgnoreVerdict::Ignore:
        return true;
      case IgnoreVerdict::Keep:
        return false;  // "--exclude '!x'" overrides a .gitignore
      case IgnoreVerdict::None:
        break;
    }
    return gitignores != nullptr && gitignore_ignores(gitignores, rel, is_dir);
  }

  // Long: lists one folder in one pass (types, special files, .gitignore), then sorts what it kept.
  void visit(const FolderTask& task, FolderListing& out,
             std::vector<FolderTask>& subfolders) const {
    struct Entry {
      std::string name;
      bool is_dir = false;
    };
    std::vector<Entry> entries;
    // FIFOs, sockets and devices named like source files: never opened (reading a FIFO blocks
    // until someone writes to it), but said, since the user likely expected them analysed.
    std::vector<std::string> special;
    bool has_gitignore = false;
    std::error_code ec;
    fs::directory_iterator it(platform::os_path(task.display), ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      std::string name = platform::utf8(it->path().filename());
      if (name == ".git") continue;
      // The entry's type comes from the listing itself; only a symlink costs a stat.
      std::error_code entry_ec;
      bool is_dir = false;
      bool is_file = false;
      bool is_other = false;
      if (it->is_symlink(entry_ec)) {
        // A linked file is read like any other; a linked folder is not entered, since links can
        // form loops and a linked tree is usually reachable some other way. A dangling link is
        // passed over in silence, as git and ripgrep do.
        fs::file_status target = fs::status(it->path(), entry_ec);
        is_file = fs::is_regular_file(target);
        is_other = fs::is_other(target);
      } else {
        is_dir = it->is_directory(entry_ec);
        is_file = !is_dir && it->is_regular_file(entry_ec);
        is_other = !is_dir && !is_file && it->is_other(entry_ec);
      }
      if (entry_ec) continue;
      if (!is_dir && !is_file) {
        if (is_other && discover_source_extension(name)) special.push_back(std::move(name));
        continue;
      }
      if (name == ".gitignore" && is_file) has_gitignore = true;
      entries.push_back(Entry{std::move(name), is_dir});
    }
    if (ec)
      out.problems.push_back(
          {task.display, "cannot read folder: " + ec.message(), task.rel.empty(), true});

    std::shared_ptr<const IgnoreLevel> ignores = task.ignores;
    std::string text;
    if (opts_.use_gitignore && has_gitignore &&
        read_text_file(child_display(task.display, ".gitignore"), text)) {
      std::vector<IgnorePattern> patterns = parse_ignore_file(text);
      if (!patterns.empty())
        ignores = std::make_shared<const IgnoreLevel>(
            IgnoreLevel{task.rel, std::move(patterns), ignores, ""});
    }

    for (std::string& name : special) {
      std::string rel = task.rel.empty() ? name : task.rel + "/" + name;
      if (!ignored(ignores.get(), rel, false))
        out.problems.push_back({child_display(task.display, name),
                                "is not a regular file (a FIFO, socket or device); skipped",
                                false});
    }
    for (Entry& e : entries) {
      std::string rel = task.rel.empty() ? e.name : task.rel + "/" + e.name;
      if (ignored(ignores.get(), rel, e.is_dir)) continue;
      std::string display = child_display(task.display, e.name);
      if (e.is_dir)
        subfolders.push_back(FolderTask{std::move(display), std::move(rel), ignores});
      else if (discover_source_extension(e.name))
        out.source_files.push_back(std::move(display));
      else if (has_vcxproj_extension(e.name))
        out.vcxproj_files.push_back(std::move(display));
      else if (is_wdk_sources_file_name(e.name))
        out.sources_files.push_back(std::move(display));
    }
  }

  static FolderListing merge(std::vector<FolderListing>& partial) {
    FolderListing all;
    auto append = [](std::vector<std::string>& to, std::vector<std::string>& from) {
      to.insert(to.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
    };
    for (FolderListing& p : partial) {
      append(all.source_files, p.source_files);
      append(all.vcxproj_files, p.vcxproj_files);
      append(all.sources_files, p.sources_files);
      all.problems.insert(all.problems.end(), p.problems.begin(), p.problems.end());
    }
    std::sort(all.source_files.begin(), all.source_files.end());
    std::sort(all.vcxproj_files.begin(), all.vcxproj_files.end());
    std::sort(all.sources_files.begin(), all.sources_files.end());
    std::sort(all.problems.begin(), all.problems.end(),
              [](const InputProblem& a, const InputProblem& b) { return a.path < b.path; });
    return all;
  }

  const WalkOptions& opts_;
  std::mutex mu_;
  std::condition_variable idle_;
  std::deque<FolderTask> queue_;
  size_t busy_ = 0;
};

}  // namespace

FolderListing walk_folder(const std::string& folder, const WalkOptions& opts) {
  return FolderWalk(folder, opts).run();
}

}  // namespace pagewise

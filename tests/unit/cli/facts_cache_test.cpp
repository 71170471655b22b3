// The facts cache of `pagewise serve`: an analysis that reuses the facts of unchanged files reports
// exactly what a fresh analysis reports, and a change to a file, or to what every file depends on
// (a macro the dialect learns), is parsed again.
#include "cli/facts_cache.hpp"

#include <gtest/gtest.h>

#include <string>

#include "cli/pipeline.hpp"
#include "frontend/buffer_source.hpp"
#include "platform/platform.hpp"

namespace pagewise {
namespace {

const std::string kDriver = std::string(PW_SOURCE_DIR) + "/examples/wdm-ramdisk";

std::string findings_text(const Analysis& a) {
  std::string out;
  for (const Finding& f : a.findings) {
    out += f.rule_id + " " + f.file + ":" + std::to_string(f.pos.line) + ":" +
           std::to_string(f.pos.col) + " " + f.message + "\n";
    for (const EvidenceStep& e : f.evidence)
      out += "  " + e.file + ":" + std::to_string(e.pos.line) + " " + e.message + "\n";
  }
  return out;
}

Analysis analyse(FactsCache* cache, const OpenBuffers* buffers) {
  AnalysisOptions o;
  o.inputs = {kDriver};
  o.threads = 2;
  o.facts_cache = cache;
  o.open_buffers = buffers;
  return run_analysis(o);
}

std::string file_text(const std::string& path) { return platform::read_whole_file(path).bytes; }

TEST(FactsCache, UnchangedFilesAreReusedAndReportTheSame) {
  FactsCache cache;
  Analysis first = analyse(&cache, nullptr);
  ASSERT_FALSE(first.findings.empty());
  EXPECT_EQ(cache.hits(), 0u);
  size_t files = first.files.size();
  Analysis second = analyse(&cache, nullptr);
  EXPECT_EQ(cache.hits(), files);
  EXPECT_EQ(findings_text(second), findings_text(first));
  EXPECT_EQ(cache.size(), files);
}

TEST(FactsCache, AnEditedFileIsParsedAgainAndTheOthersReused) {
  FactsCache cache;
  Analysis first = analyse(&cache, nullptr);
  size_t files = first.files.size();
  std::string dispatch = buffer_key(kDriver + "/dispatch.c");
  OpenBuffers buffers{{dispatch, file_text(dispatch) + "\nVOID RdExtra(VOID) { }\n"}};
  Analysis edited = analyse(&cache, &buffers);
  EXPECT_EQ(cache.hits(), files - 1);
  EXPECT_EQ(findings_text(edited), findings_text(analyse(nullptr, &buffers)));
  // The cache holds what the last run used: the edited file's old facts are gone.
  EXPECT_EQ(cache.size(), files);
}

TEST(FactsCache, AMacroEveryFileDependsOnParsesEveryFileAgain) {
  FactsCache cache;
  Analysis first = analyse(&cache, nullptr);
  std::string dispatch = buffer_key(kDriver + "/dispatch.c");
  OpenBuffers buffers{
      {dispatch, file_text(dispatch) + "\n#define RD_PAGED __declspec(code_seg(\"PAGE\"))\n"}};
  Analysis edited = analyse(&cache, &buffers);
  EXPECT_EQ(cache.hits(), 0u);
  EXPECT_EQ(findings_text(edited), findings_text(analyse(nullptr, &buffers)));
}

}  // namespace
}  // namespace pagewise

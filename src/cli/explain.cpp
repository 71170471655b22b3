#include "cli/explain.hpp"

#include <filesystem>

#include "analysis/evidence.hpp"
#include "analysis/roles.hpp"
#include "platform/platform.hpp"

namespace pagewise {

namespace {

bool same_file(const std::string& a, const std::string& b) {
  if (a == b) return true;
  std::error_code ec;
  return std::filesystem::equivalent(platform::os_path(a), platform::os_path(b), ec);
}

void write_bound(std::ostream& out, const Model& m, FunctionId id, bool certain) {
  const IrqlBound& b = certain ? m.at(id).certain : m.at(id).possible;
  out << (certain ? "  entry IRQL (certain):  " : "  entry IRQL (possible): ");
  if (!b.set) {
    out << "unknown (no role, annotation or caller in the unit)\n";
    return;
  }
  out << irql_name(b.level) << "\n";
  for (const EvidenceStep& s : irql_path(m, id, certain))
    out << "    " << s.file << ":" << s.pos.line << ": " << s.message << "\n";
}

// Who it is, where it is placed and how big it is.
void write_placement(std::ostream& out, const Model& m, FunctionId id) {
  const Program& p = m.program;
  const Function& fn = p.function(id);
  const Placement& pl = p.placement_of(id);
  out << fn.name << " (" << p.path(id.file) << ":" << fn.name_pos.line << ", unit " << p.unit->name
      << ")\n";
  out << "  section: " << pl.section << " by " << describe_placement(p, pl) << "\n";
  if (!m.advice.sizes.empty()) {
    const FunctionSize& size = m.advice.sizes[id.file][id.index];
    out << "  size: " << (size.from_map ? "" : "~") << size.bytes << " bytes"
        << (size.from_map ? " (linker map)" : " (estimated)") << "\n";
  }
}

void write_roles(std::ostream& out, const Model& m, FunctionId id) {
  const Program& p = m.program;
  const FunctionInference& inf = m.at(id);
  if (inf.roles.empty()) out << "  roles: none found\n";
  for (const RoleBinding& r : inf.roles) {
    out << "  role: " << r.role << " at " << irql_name(r.irql) << (r.certain ? "" : " (contract)")
        << ", " << how_bound(r);
    if (r.file >= 0) out << " at " << p.path(static_cast<uint32_t>(r.file)) << ":" << r.pos.line;
    if (!r.note.empty()) out << "; " << r.note;
    out << "\n";
  }
}

// The locks it takes or hands back, its Wait = TRUE calls and its calls of the unit's functions.
void write_locks_and_calls(std::ostream& out, const Model& m, FunctionId id) {
  const Program& p = m.program;
  const FunctionInference& inf = m.at(id);
  for (const AcquireSite& s : inf.acquires)
    out << "  takes " << (s.lock.empty() ? "a lock" : s.lock) << " (" << s.api << ", "
        << irql_name(s.level) << ") at line " << s.pos.line
        << (s.via.empty() ? "" : " through " + s.via) << "\n";
  for (const AcquireSite& s : inf.returns_holding)
    out << "  returns holding " << s.lock << " (" << s.api << "): a lock helper\n";
  if (inf.releases_foreign) out << "  releases a lock its caller took: a lock helper\n";
  for (const WaitSite& w : inf.waits)
    out << "  calls " << w.api << " with Wait = " << w.wait_arg << " at line " << w.pos.line
        << "\n";
  for (const CallEdge& e : inf.calls)
    out << "  calls " << p.function(e.callee).name << " at line " << e.pos.line
        << (e.local >= Irql::Dispatch ? std::string(" at ") + irql_name(e.local) +
                                            (e.lock.empty() ? "" : " holding " + e.lock)
                                      : std::string())
        << "\n";
}

void write_function(std::ostream& out, const Model& m, FunctionId id) {
  write_placement(out, m, id);
  write_roles(out, m, id);
  write_bound(out, m, id, true);
  write_bound(out, m, id, false);
  write_locks_and_calls(out, m, id);
}

// `function` names it by its full name or by its last name component (`Start` for
// `CDevice::Start`).
bool named(const Function& fn, const std::string& function) {
  std::string last =
      fn.name.substr(fn.name.rfind("::") == std::string::npos ? 0 : fn.name.rfind("::") + 2);
  return fn.name == function || last == function;
}

// An --in path that could not be used (it does not exist): said first, so that the function is
// not claimed missing when part of the driver was never read.
bool report_unusable_inputs(std::ostream& err, const Analysis& a) {
  bool unusable = false;
  for (const InputProblem& pr : a.discovery.problems)
    if (pr.fatal) {
      err << "pagewise: error: " << (pr.path.empty() ? "" : pr.path + ": ") << pr.message << "\n";
      unusable = true;
    }
  return unusable;
}

void report_missing(std::ostream& err, const Analysis& a, const std::string& file,
                    const std::string& function) {
  err << "pagewise: error: no function '" << function << "' is defined in " << file << "\n";
  // Why the file yielded nothing, when the reading said so (binary, UTF-16, too large, ...).
  for (const InputProblem& pr : a.discovery.problems)
    if (!pr.path.empty() && same_file(pr.path, file))
      err << "pagewise: note: " << pr.path << ": " << pr.message << "\n";
}

}  // namespace

bool write_explain(std::ostream& out, std::ostream& err, const Analysis& a, const std::string& file,
                   const std::string& function) {
  bool unusable_input = report_unusable_inputs(err, a);
  int matches = 0;
  for (const Model& m : a.models) {
    const Program& p = m.program;
    for (uint32_t f = 0; f < p.files.size(); ++f) {
      if (!same_file(p.files[f]->path, file)) continue;
      for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
        if (!named(p.files[f]->functions[i], function)) continue;
        ++matches;
        write_function(out, m, {f, i});
      }
    }
  }
  if (unusable_input) return false;
  if (matches == 0) {
    report_missing(err, a, file, function);
    return false;
  }
  return true;
}

}  // namespace pagewise

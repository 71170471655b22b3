#include "cli/explain.hpp"

#include <filesystem>

#include "analysis/evidence.hpp"
#include "analysis/roles.hpp"

namespace pagewise {

namespace {

bool same_file(const std::string& a, const std::string& b) {
  if (a == b) return true;
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec);
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

}  // namespace

bool write_explain(std::ostream& out, std::ostream& err, const Analysis& a, const std::string& file,
                   const std::string& function) {
  // An --in path that could not be used (it does not exist): say so first, and do not claim the
  // function is missing when part of the driver was never read.
  bool unusable_input = false;
  for (const InputProblem& pr : a.discovery.problems)
    if (pr.fatal) {
      err << "pagewise: error: " << (pr.path.empty() ? "" : pr.path + ": ") << pr.message << "\n";
      unusable_input = true;
    }
  int matches = 0;
  for (const Model& m : a.models) {
    const Program& p = m.program;
    for (uint32_t f = 0; f < p.files.size(); ++f) {
      if (!same_file(p.files[f]->path, file)) continue;
      for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
        const Function& fn = p.files[f]->functions[i];
        std::string last =
            fn.name.substr(fn.name.rfind("::") == std::string::npos ? 0 : fn.name.rfind("::") + 2);
        if (fn.name != function && last != function) continue;
        ++matches;
        FunctionId id{f, i};
        const Placement& pl = p.placement_of(id);
        const FunctionInference& inf = m.at(id);
        out << fn.name << " (" << p.path(f) << ":" << fn.name_pos.line << ", unit " << p.unit->name
            << ")\n";
        out << "  section: " << pl.section << " by " << describe_placement(p, pl) << "\n";
        if (!m.advice.sizes.empty()) {
          const FunctionSize& size = m.advice.sizes[f][i];
          out << "  size: " << (size.from_map ? "" : "~") << size.bytes << " bytes"
              << (size.from_map ? " (linker map)" : " (estimated)") << "\n";
        }
        if (inf.roles.empty()) out << "  roles: none found\n";
        for (const RoleBinding& r : inf.roles) {
          out << "  role: " << r.role << " at " << irql_name(r.irql)
              << (r.certain ? "" : " (contract)") << ", " << how_bound(r);
          if (r.file >= 0)
            out << " at " << p.path(static_cast<uint32_t>(r.file)) << ":" << r.pos.line;
          if (!r.note.empty()) out << "; " << r.note;
          out << "\n";
        }
        write_bound(out, m, id, true);
        write_bound(out, m, id, false);
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
    }
  }
  if (unusable_input) return false;
  if (matches == 0) {
    err << "pagewise: error: no function '" << function << "' is defined in " << file << "\n";
    // Why the file yielded nothing, when the reading said so (binary, UTF-16, too large, ...).
    for (const InputProblem& pr : a.discovery.problems)
      if (!pr.path.empty() && same_file(pr.path, file))
        err << "pagewise: note: " << pr.path << ": " << pr.message << "\n";
    return false;
  }
  return true;
}

}  // namespace pagewise

#include "analysis/evidence.hpp"

#include <algorithm>

#include "analysis/roles.hpp"

namespace pagewise {

namespace {

const char* how_name(Placement::How how) {
  switch (how) {
    case Placement::How::Default:
      return "the default";
    case Placement::How::AllocText:
      return "#pragma alloc_text";
    case Placement::How::CodeSeg:
      return "#pragma code_seg";
    case Placement::How::Declspec:
      return "__declspec(code_seg)";
    case Placement::How::DataSeg:
      return "#pragma data_seg";
    case Placement::How::BssSeg:
      return "#pragma bss_seg";
    case Placement::How::ConstSeg:
      return "#pragma const_seg";
    case Placement::How::Allocate:
      return "__declspec(allocate)";
  }
  return "";
}

}  // namespace

std::string describe_placement(const Program& p, const Placement& pl) {
  if (pl.how == Placement::How::Default) return "default (" + pl.section + ")";
  std::string s = pl.text.empty() ? std::string(how_name(pl.how)) : pl.text;
  if (pl.file >= 0)
    s += " at " + p.path(static_cast<uint32_t>(pl.file)) + ":" + std::to_string(pl.pos.line);
  if (!pl.macro.empty()) {
    if (pl.macro_file >= 0)
      s += " (macro " + pl.macro + " defined at " + p.path(static_cast<uint32_t>(pl.macro_file)) +
           ":" + std::to_string(pl.macro_pos.line) + ")";
    else
      s += " (macro " + pl.macro + ", built-in meaning: no #define in the unit)";
  }
  return s;
}

std::vector<EvidenceStep> placement_evidence(const Program& p, const Placement& pl) {
  std::vector<EvidenceStep> steps;
  if (pl.file < 0) return steps;
  std::string via = pl.text.empty() ? std::string(how_name(pl.how)) : pl.text;
  steps.push_back(
      {p.path(static_cast<uint32_t>(pl.file)), pl.pos, "placed in " + pl.section + " by " + via});
  if (!pl.macro.empty() && pl.macro_file >= 0) {
    const FileFacts& mf = *p.files[static_cast<uint32_t>(pl.macro_file)];
    std::string body;
    auto it = p.macros.find(pl.macro);
    if (it != p.macros.end()) body = p.files[it->second.first]->macros[it->second.second].body;
    steps.push_back({mf.path, pl.macro_pos,
                     pl.macro + " is defined here" + (body.empty() ? "" : " as " + body)});
  }
  return steps;
}

namespace {

// " (one of 2 methods named F; the receiver's type is not known)" for a call that reaches `fn` as
// one of the methods of its name.
std::string unknown_receiver_note(const Function& fn, uint32_t of) {
  if (of < 2) return {};
  size_t sep = fn.name.rfind("::");
  std::string method = sep == std::string::npos ? fn.name : fn.name.substr(sep + 2);
  return " (one of " + std::to_string(of) + " methods named " + method +
         "; the receiver's type is not known)";
}

const IrqlBound& bound_of(const Model& m, FunctionId id, bool certain) {
  const FunctionInference& inf = m.at(id);
  return certain ? inf.certain : inf.possible;
}

// How many functions an evidence path walks back from the finding. A call chain longer than this
// is real only in generated code; the path then starts with a step that says it was cut.
constexpr int kMaxEvidenceFunctions = 64;

EvidenceStep cut_step(const Program& p, FunctionId next) {
  return {p.path(next.file), p.function(next).pos,
          "'" + p.function(next).name +
              "' and the callers before it are not shown: evidence paths show at most " +
              std::to_string(kMaxEvidenceFunctions) + " functions back from the finding"};
}

// The call is on a branch of an object mode: the path above it is one of the calls that can reach
// that branch.
std::string mode_branch_note(const Model& m, int32_t mode_bound) {
  const ModeBound& b = m.mode_bounds[static_cast<size_t>(mode_bound)];
  const char* how = m.object_modes.is_parameter(b.mode) ? "through a call that can pass that value"
                                                        : "on an object that can be in that mode";
  return "the call is made only where " + m.object_modes.describe(b.mode) + " (" +
         m.object_modes.origin(b.mode) + "); the path shown reaches it " + how;
}

std::string at(const Program& p, int32_t file, Pos pos) {
  if (file < 0) return {};
  return p.path(static_cast<uint32_t>(file)) + ":" + std::to_string(pos.line);
}

}  // namespace

EvidenceStep bound_step(const Program& p, FunctionId in, const std::string& bound_by, Pos at) {
  return {p.path(in.file), at, "in '" + p.function(in).name + "': " + bound_by};
}

std::vector<EvidenceStep> irql_path(const Model& m, FunctionId id, bool certain) {
  const Program& p = m.program;
  std::vector<std::vector<EvidenceStep>> chunks;  // collected from `id` back to the root
  std::vector<FunctionId> seen;
  FunctionId cur = id;
  const IrqlBound* bound = &bound_of(m, id, certain);  // cur's, in the mode its call runs in
  bool cut = false;
  for (int walked = 0;; ++walked) {
    if (std::find(seen.begin(), seen.end(), cur) != seen.end()) break;
    if (walked == kMaxEvidenceFunctions) {
      cut = true;
      break;
    }
    seen.push_back(cur);
    const IrqlBound& b = *bound;
    const Function& fn = p.function(cur);
    std::vector<EvidenceStep> chunk;
    const IrqlReason& why = b.why();
    std::string level = irql_name(b.level);
    switch (why.kind) {
      case IrqlReason::Kind::None:
        break;
      case IrqlReason::Kind::Role: {
        const RoleBinding& rb = m.at(cur).roles[why.role_index];
        std::string msg = "'" + fn.name + "' " + how_bound(rb) + ": runs at " + irql_name(rb.irql);
        if (!rb.note.empty()) msg += " (" + rb.note + ")";
        if (rb.file >= 0) chunk.push_back({p.path(static_cast<uint32_t>(rb.file)), rb.pos, msg});
        break;
      }
      case IrqlReason::Kind::Annotation:
        chunk.push_back({p.path(static_cast<uint32_t>(why.file)), why.pos,
                         "'" + fn.name + "' is annotated " + why.annotation});
        break;
      case IrqlReason::Kind::Caller:
      case IrqlReason::Kind::Synchronized: {
        const Function& caller = p.function(why.caller);
        if (!why.lock.empty() && why.lock_file >= 0)
          chunk.push_back(
              {p.path(static_cast<uint32_t>(why.lock_file)), why.lock_pos,
               why.lock + " acquired by " + why.lock_api + " in '" + caller.name + "'"});
        if (!why.bound_by.empty())
          chunk.push_back(bound_step(p, why.caller, why.bound_by, why.bound_pos));
        if (why.mode_bound >= 0)
          chunk.push_back(bound_step(p, why.caller, mode_branch_note(m, why.mode_bound), why.pos));
        std::string msg = why.kind == IrqlReason::Kind::Synchronized
                              ? "'" + caller.name + "' runs '" + fn.name + "' through " +
                                    why.lock_api + " at " + level
                              : "'" + caller.name + "' calls '" + fn.name + "'" +
                                    unknown_receiver_note(fn, why.unknown_receiver_of) +
                                    (why.through.empty() ? "" : " through " + why.through) +
                                    (why.lock.empty() ? "" : " while holding " + why.lock) +
                                    " (at " + level + ")";
        chunk.push_back({p.path(static_cast<uint32_t>(why.file)), why.pos, msg});
        break;
      }
    }
    chunks.push_back(std::move(chunk));
    if (why.kind != IrqlReason::Kind::Caller && why.kind != IrqlReason::Kind::Synchronized) break;
    cur = why.caller;
    bound = &m.caller_bound(why, certain);
  }
  // A root that only says "PASSIVE_LEVEL" (a passive role, _IRQL_requires_min_(PASSIVE_LEVEL)) adds
  // nothing to a path that rises later: start at the first step that matters.
  if (!cut && chunks.size() > 1 && bound->level == Irql::Passive) chunks.pop_back();
  std::vector<EvidenceStep> steps;
  if (cut) steps.push_back(cut_step(p, cur));
  for (auto it = chunks.rbegin(); it != chunks.rend(); ++it)
    steps.insert(steps.end(), it->begin(), it->end());
  return steps;
}

std::string irql_reason_summary(const Model& m, FunctionId id, bool certain) {
  const Program& p = m.program;
  const IrqlBound& b = bound_of(m, id, certain);
  const IrqlReason& why = b.why();
  switch (why.kind) {
    case IrqlReason::Kind::None:
      return "no known reason";
    case IrqlReason::Kind::Role: {
      const RoleBinding& rb = m.at(id).roles[why.role_index];
      std::string s = "it is " + how_bound(rb) + " at " + at(p, rb.file, rb.pos) + " (" +
                      irql_name(rb.irql) + ")";
      if (!rb.note.empty()) s += "; " + rb.note;
      return s;
    }
    case IrqlReason::Kind::Annotation:
      return "it is annotated " + why.annotation + " at " + at(p, why.file, why.pos);
    case IrqlReason::Kind::Caller: {
      const Function& caller = p.function(why.caller);
      std::string note = unknown_receiver_note(p.function(id), why.unknown_receiver_of);
      std::string from = "it is called from '" + caller.name + "'" +
                         (why.through.empty() ? "" : " through " + why.through) + " at " +
                         at(p, why.file, why.pos) + note;
      if (!why.lock.empty()) return from + " while " + why.lock + " is held";
      return from + ", which runs at " + irql_name(m.caller_bound(why, certain).level) +
             (why.bound_by.empty() ? "" : " (there " + why.bound_by + ")");
    }
    case IrqlReason::Kind::Synchronized:
      return "'" + p.function(why.caller).name + "' runs it through " + why.lock_api + " at " +
             at(p, why.file, why.pos);
  }
  return {};
}

EvidenceStep role_step(const Model& m, FunctionId id, const RoleBinding& b) {
  const Program& p = m.program;
  std::string msg =
      "'" + p.function(id).name + "' " + how_bound(b) + ": runs at " + irql_name(b.irql);
  if (!b.note.empty()) msg += " (" + b.note + ")";
  return {b.file >= 0 ? p.path(static_cast<uint32_t>(b.file)) : p.path(id.file), b.pos, msg};
}

std::vector<EvidenceStep> later_path(const Model& m, FunctionId id) {
  const Program& p = m.program;
  std::vector<EvidenceStep> reversed;
  std::vector<FunctionId> seen;
  FunctionId cur = id;
  for (int walked = 0;; ++walked) {
    if (std::find(seen.begin(), seen.end(), cur) != seen.end()) break;
    if (walked == kMaxEvidenceFunctions) {
      reversed.push_back(cut_step(p, cur));
      break;
    }
    seen.push_back(cur);
    const LaterReach& r = m.at(cur).later;
    if (!r.set) break;
    if (r.role_index >= 0) {
      reversed.push_back(role_step(m, cur, m.at(cur).roles[static_cast<size_t>(r.role_index)]));
      break;
    }
    reversed.push_back({p.path(r.caller.file), r.pos,
                        "'" + p.function(r.caller).name + "' calls '" + p.function(cur).name + "'" +
                            (r.through.empty() ? "" : " through " + r.through)});
    cur = r.caller;
  }
  return {reversed.rbegin(), reversed.rend()};
}

}  // namespace pagewise

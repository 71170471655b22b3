#include "analysis/callers.hpp"

#include <algorithm>

#include "knowledge/roles.hpp"

namespace pagewise {

CallerIndex caller_index(const Model& m) {
  const Program& p = m.program;
  CallerIndex callers;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i)
      for (const CallEdge& e : m.inferred[f][i].calls)
        if (!(e.callee.file == f && e.callee.index == i))
          callers[{e.callee.file, e.callee.index}].push_back({{f, i}, e.pos});
  return callers;
}

void close_over_callers(const CallerIndex& callers, std::set<FunctionKey>& in,
                        const std::function<bool(FunctionKey)>& admit) {
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [callee, from] : callers) {
      if (in.count(callee) || from.empty() || !admit(callee)) continue;
      bool all = std::all_of(from.begin(), from.end(), [&](const CallerSite& c) {
        return in.count({c.caller.file, c.caller.index}) > 0;
      });
      if (!all) continue;
      in.insert(callee);
      grew = true;
    }
  }
}

CallbackSet callbacks_and_their_own_callees(const Model& m, uint16_t flag) {
  const Program& p = m.program;
  CallbackSet out;
  std::set<FunctionKey> in;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      const FunctionInference& inf = m.inferred[f][i];
      for (uint32_t r = 0; r < inf.roles.size(); ++r) {
        const CallbackRole* role = find_role(inf.roles[r].role);
        if (role && (role->flags & flag)) {
          out[{f, i}] = {static_cast<int32_t>(r), {}, {}};
          in.insert({f, i});
          break;
        }
      }
    }
  // A callee with a role of its own is a callback in its own right, not only its callers' helper.
  close_over_callers(m.callers, in,
                     [&](FunctionKey k) { return m.inferred[k.first][k.second].roles.empty(); });
  for (const FunctionKey& k : in) {
    if (out.count(k)) continue;
    const CallerSite& first = m.callers.at(k).front();
    out[k] = {-1, first.caller, first.pos};
  }
  return out;
}

}  // namespace pagewise

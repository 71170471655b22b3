#include "analysis/pnp_query.hpp"

#include <string>
#include <vector>

#include "analysis/field_path.hpp"
#include "analysis/resolve.hpp"
#include "text/text.hpp"

namespace pagewise {

namespace {

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The IRP_MN_ codes `text` names, appended to `out`.
void minor_codes(std::string_view text, std::vector<std::string_view>& out) {
  constexpr std::string_view kPrefix = "IRP_MN_";
  for (size_t at = text.find(kPrefix); at != std::string_view::npos;
       at = text.find(kPrefix, at + 1)) {
    if (at > 0 && ident_char(text[at - 1])) continue;
    size_t end = at;
    while (end < text.size() && ident_char(text[end])) ++end;
    out.push_back(text.substr(at, end - at));
  }
}

// The query every code names, or nullptr when one of them is not a paged query.
const PagedPnpQuery* only_paged_query(const std::vector<std::string_view>& codes) {
  const PagedPnpQuery* found = nullptr;
  for (std::string_view c : codes) {
    const PagedPnpQuery* q = find_paged_pnp_query(c);
    if (!q || (found && q != found)) return nullptr;
    found = q;
  }
  return found;
}

// Where step k and the steps inside it end: the start of the step after them.
uint32_t end_offset(const Function& fn, uint32_t k) {
  uint32_t e = fn.steps[k].end;
  return e < fn.steps.size() ? fn.steps[e].pos.offset : fn.end_offset;
}

bool inside(const Function& fn, uint32_t k, uint32_t offset) {
  return fn.steps[k].pos.offset <= offset && offset < end_offset(fn, k);
}

// Whether `offset` is in the then-branch of if step k (its children: condition, then, else).
bool inside_then(const Function& fn, uint32_t k, uint32_t offset) {
  for (uint32_t j = k + 1; j < fn.steps[k].end; j = fn.steps[j].end)
    if (fn.steps[j].role == Step::Role::Then) return inside(fn, j, offset);
  return false;
}

// The codes of the innermost case label or if condition around `offset` that names any. Steps
// are in source order, each before the steps inside it: the last one found is the innermost.
std::vector<std::string_view> guarding_codes(const Function& fn, uint32_t offset) {
  std::vector<std::string_view> codes;
  for (uint32_t k = 0; k < fn.steps.size() && fn.steps[k].pos.offset <= offset; ++k) {
    const Step& st = fn.steps[k];
    bool guards = (st.kind == Step::Kind::Case && inside(fn, k, offset)) ||
                  (st.kind == Step::Kind::If && inside_then(fn, k, offset));
    if (!guards || st.ref >= fn.conditions.size()) continue;
    std::vector<std::string_view> here;
    minor_codes(fn.conditions[st.ref], here);
    if (!here.empty()) codes = std::move(here);
  }
  return codes;
}

std::vector<std::string_view> function_codes(const Function& fn) {
  std::vector<std::string_view> codes;
  for (const std::string& c : fn.conditions) minor_codes(c, codes);
  for (const Assignment& a : fn.assignments) minor_codes(a.rhs, codes);
  for (const Call& c : fn.calls)
    for (const std::string& arg : c.args) minor_codes(arg, codes);
  return codes;
}

bool is_status_block_type(std::string_view type) {
  std::string t = squeeze(type);
  return t == "IO_STATUS_BLOCK" || t == "PIO_STATUS_BLOCK" || t == "IO_STATUS_BLOCK*";
}

}  // namespace

bool reads_status_information(const Function& fn, std::string_view access) {
  std::string a = squeeze(without_casts(access));
  if (!a.ends_with("Information")) return false;
  if (a.ends_with("IoStatus.Information") || a.ends_with("IoStatus->Information")) return true;
  std::string root = member_root(a);
  if (root.empty()) return false;
  for (const LocalObject& l : fn.locals)
    if (l.name == root) return is_status_block_type(l.type);
  for (size_t i = 0; i < fn.parameters.size() && i < fn.parameter_types.size(); ++i)
    if (fn.parameters[i] == root) return is_status_block_type(fn.parameter_types[i]);
  return false;
}

const PagedPnpQuery* pnp_query_at(const FileFacts& ff, const Function& fn, uint32_t offset) {
  std::vector<std::string_view> codes = guarding_codes(fn, offset);
  if (codes.empty()) codes = function_codes(fn);
  if (!codes.empty()) return only_paged_query(codes);
  for (const NameUse& u : fn.uses) {
    if (!u.field) continue;
    const PagedPnpQuery* q = paged_pnp_query_of_parameters(ff.names[u.name]);
    if (q && ff.names[u.path].find("Parameters." + std::string(q->parameters)) != std::string::npos)
      return q;
  }
  return nullptr;
}

}  // namespace pagewise

#include "cli/facts_codec.hpp"

#include <algorithm>
#include <concepts>
#include <limits>
#include <type_traits>
#include <vector>

namespace pagewise {

namespace {

// --- the fields of each struct, in format order (used by the encoder and the decoder alike) ---
// `S` is the struct, const when encoding; `v` takes any number of fields.

template <class S, class T>
concept Is = std::same_as<std::remove_const_t<S>, T>;

template <class V, Is<Pos> S>
void fields(V& v, S& x) {
  v(x.line, x.col, x.offset);
}
template <class V, Is<Annotation> S>
void fields(V& v, S& x) {
  v(x.name, x.args, x.pos, x.end);
}
template <class V, Is<Pragma> S>
void fields(V& v, S& x) {
  v(x.kind, x.action, x.section, x.label, x.names, x.pos, x.via_macro, x.macro_args, x.text);
}
template <class V, Is<MacroDef> S>
void fields(V& v, S& x) {
  v(x.name, x.function_like, x.params, x.body, x.pos, x.code_seg, x.allocate, x.pragmas, x.alias);
}
template <class V, Is<Suppression> S>
void fields(V& v, S& x) {
  v(x.line, x.rules, x.reason);
}
template <class V, Is<WarningPragma> S>
void fields(V& v, S& x) {
  v(x.action, x.line, x.first_line, x.last_line, x.numbers, x.justification);
}
template <class V, Is<InactiveRange> S>
void fields(V& v, S& x) {
  v(x.begin, x.end);
}
template <class V, Is<PagedCodeSite> S>
void fields(V& v, S& x) {
  v(x.macro, x.pos);
}
template <class V, Is<Call> S>
void fields(V& v, S& x) {
  v(x.callee, x.args, x.pos, x.result_to);
}
template <class V, Is<Assignment> S>
void fields(V& v, S& x) {
  v(x.lhs, x.op, x.rhs, x.pos);
}
template <class V, Is<LocalObject> S>
void fields(V& v, S& x) {
  v(x.type, x.pointer, x.name, x.args, x.pos);
}
template <class V, Is<Step> S>
void fields(V& v, S& x) {
  v(x.kind, x.role, x.end, x.ref, x.pos);
}
template <class V, Is<NameUse> S>
void fields(V& v, S& x) {
  v(x.name, x.before_step, x.pos, x.field, x.address_taken, x.access, x.argument, x.callee, x.path,
    x.local);
}
template <class V, Is<Function> S>
void fields(V& v, S& x) {
  v(x.name, x.pos, x.name_pos, x.body_pos, x.end_line, x.end_offset, x.is_inline, x.internal,
    x.header_error, x.body_error, x.enclosing_class, x.annotations, x.paged_code,
    x.first_conditional);
  v(x.calls, x.assignments, x.locals, x.labels, x.steps, x.uses, x.parameters, x.parameter_types,
    x.saves_irql_parameter, x.optional_parameters, x.conditions, x.returned);
}
template <class V, Is<Declaration> S>
void fields(V& v, S& x) {
  v(x.name, x.type, x.is_function, x.pos, x.annotations);
}
template <class V, Is<DataItem> S>
void fields(V& v, S& x) {
  v(x.name, x.type, x.initialized, x.is_const, x.is_extern, x.is_array, x.is_pointer,
    x.initializer_names, x.initializer_elements, x.pos, x.annotations);
}
template <class V, Is<ClassDecl> S>
void fields(V& v, S& x) {
  v(x.name, x.pos, x.annotations, x.aliases, x.field_types, x.field_names, x.field_name_types,
    x.bases);
}
template <class V, Is<TypeAlias> S>
void fields(V& v, S& x) {
  v(x.name, x.type);
}
template <class V, Is<ParseStats> S>
void fields(V& v, S& x) {
  v(x.error_nodes, x.has_error, x.tag_scan_functions);
}
template <class V, Is<FileFacts> S>
void fields(V& v, S& x) {
  v(x.path, x.display_path, x.language, x.bytes, x.lines, x.parse, x.problems, x.limits_hit);
  v(x.functions, x.declarations, x.data, x.pragmas, x.macros, x.inactive, x.annotations,
    x.suppressions, x.warning_pragmas, x.names, x.classes, x.type_aliases);
}
// What a unit's check gives the report (UnitResult).
template <class V, Is<EvidenceStep> S>
void fields(V& v, S& x) {
  v(x.file, x.pos, x.message, x.other_site);
}
template <class V, Is<Finding> S>
void fields(V& v, S& x) {
  v(x.rule_id, x.severity, x.file, x.pos, x.message, x.function, x.unit, x.function_line,
    x.function_name_line, x.evidence, x.suppressed, x.suppression_reason, x.baseline,
    x.fingerprint);
}
template <class V, Is<SectionSize> S>
void fields(V& v, S& x) {
  v(x.section, x.cls, x.bytes_now, x.bytes_after, x.functions_now, x.functions_after);
}
template <class V, Is<UnitSizes> S>
void fields(V& v, S& x) {
  v(x.unit, x.functions, x.functions_from_map, x.resident_now, x.pageable_now, x.init_now,
    x.resident_after, x.pageable_after, x.init_after, x.sections);
}
template <class V, Is<InputProblem> S>
void fields(V& v, S& x) {
  v(x.path, x.message, x.fatal, x.unread);
}
template <class V, Is<FileReport> S>
void fields(V& v, S& x) {
  v(x.path, x.display_path, x.bytes, x.lines, x.functions, x.tag_scan_functions, x.parse_error,
    x.limits_hit, x.problems, x.suppression_problems);
}
template <class V, Is<SharedFunctionEntered> S>
void fields(V& v, S& x) {
  v(x.file, x.line);
}
template <class V, Is<UnitResult> S>
void fields(V& v, S& x) {
  v(x.findings, x.sizes, x.files, x.shared_entered);
}

// The last value of each enum the facts hold: a decoded value beyond it is malformed input.
template <class E>
constexpr E kLast = E{};
template <>
constexpr Language kLast<Language> = Language::Cpp;
template <>
constexpr PragmaKind kLast<PragmaKind> = PragmaKind::Other;
template <>
constexpr Pragma::Action kLast<Pragma::Action> = Pragma::Action::Pop;
template <>
constexpr WarningPragma::Action kLast<WarningPragma::Action> = WarningPragma::Action::Pop;
template <>
constexpr Step::Kind kLast<Step::Kind> = Step::Kind::Try;
template <>
constexpr Step::Role kLast<Step::Role> = Step::Role::Handler;
template <>
constexpr NameUse::Access kLast<NameUse::Access> = NameUse::Access::Argument;
template <>
constexpr Severity kLast<Severity> = Severity::Error;
template <>
constexpr BaselineState kLast<BaselineState> = BaselineState::Absent;
template <>
constexpr SectionClass kLast<SectionClass> = SectionClass::Init;

// --- the encoder ---

class Writer {
 public:
  template <class... T>
  void operator()(const T&... xs) {
    (put(xs), ...);
  }
  std::string take() { return std::move(out_); }

 private:
  void varint(uint64_t v) {
    while (v >= 0x80) {
      out_ += static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    out_ += static_cast<char>(v);
  }
  void put(bool b) { out_ += static_cast<char>(b ? 1 : 0); }
  template <std::unsigned_integral T>
  void put(T v) {
    varint(v);
  }
  template <std::signed_integral T>
  void put(T v) {
    int64_t s = v;
    varint((static_cast<uint64_t>(s) << 1) ^ static_cast<uint64_t>(s >> 63));
  }
  template <class E>
  requires std::is_enum_v<E>
  void put(E e) { varint(static_cast<std::underlying_type_t<E>>(e)); }
  void put(const std::string& s) {
    varint(s.size());
    out_ += s;
  }
  template <class T>
  void put(const std::vector<T>& items) {
    put_list(items);
  }
  template <class T>
  void put(const PackedVector<T>& items) {
    put_list(items);
  }
  template <class List>
  void put_list(const List& items) {
    varint(items.size());
    for (const auto& x : items) put(x);
  }
  template <class S>
  requires std::is_class_v<S>
  void put(const S& s) { fields(*this, s); }

  std::string out_;
};

// --- the decoder: every read checks the bytes left; the first failure stops all further reads ---

class Reader {
 public:
  explicit Reader(std::string_view in) : p_(in.data()), end_(in.data() + in.size()) {}
  template <class... T>
  void operator()(T&... xs) {
    (get(xs), ...);
  }
  bool done() const { return ok_ && p_ == end_; }

 private:
  size_t left() const { return static_cast<size_t>(end_ - p_); }
  bool fail() { return ok_ = false; }
  // A varint of at most ten bytes whose value fits 64 bits.
  bool varint(uint64_t& v) {
    v = 0;
    for (unsigned shift = 0; ok_ && shift < 64; shift += 7) {
      if (p_ == end_) return fail();
      uint8_t b = static_cast<uint8_t>(*p_++);
      if (shift == 63 && b > 1) return fail();
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return fail();
  }
  void get(bool& b) {
    if (!ok_ || p_ == end_ || static_cast<uint8_t>(*p_) > 1) {
      fail();
      return;
    }
    b = *p_++ != 0;
  }
  template <std::unsigned_integral T>
  void get(T& x) {
    uint64_t v = 0;
    if (varint(v) && v > std::numeric_limits<T>::max()) fail();
    x = static_cast<T>(v);
  }
  template <std::signed_integral T>
  void get(T& x) {
    uint64_t v = 0;
    varint(v);
    int64_t s = static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
    if (s < std::numeric_limits<T>::min() || s > std::numeric_limits<T>::max()) fail();
    x = static_cast<T>(s);
  }
  template <class E>
  requires std::is_enum_v<E>
  void get(E& e) {
    uint64_t v = 0;
    if (varint(v) && v > static_cast<uint64_t>(kLast<E>)) fail();
    e = ok_ ? static_cast<E>(v) : E{};
  }
  // A count no larger than the bytes left: every string byte and every element takes at least one.
  bool count(size_t& n) {
    uint64_t v = 0;
    if (!varint(v) || v > left()) return fail();
    n = static_cast<size_t>(v);
    return true;
  }
  void get(std::string& s) {
    size_t n = 0;
    if (!count(n)) return;
    s.assign(p_, n);
    p_ += n;
  }
  template <class T>
  void get(std::vector<T>& items) {
    get_list(items);
  }
  template <class T>
  void get(PackedVector<T>& items) {
    get_list(items);
  }
  template <class List>
  void get_list(List& items) {
    using T = typename List::value_type;
    size_t n = 0;
    if (!count(n)) return;
    // Reserved up to about four times the bytes left, whatever the count claims.
    items.reserve(std::min(n, left() * 4 / sizeof(T) + 1));
    for (size_t i = 0; i < n && ok_; ++i) get(items.emplace_back());
  }
  template <class S>
  requires std::is_class_v<S>
  void get(S& s) { fields(*this, s); }

  const char* p_;
  const char* end_;
  bool ok_ = true;
};

// --- consistency: the indexes the analysis follows unchecked ---

bool steps_nest(const PackedVector<Step>& steps) {
  std::vector<uint32_t> open;  // ends of the steps enclosing the current one
  for (size_t i = 0; i < steps.size(); ++i) {
    while (!open.empty() && open.back() <= i) open.pop_back();
    uint32_t end = steps[i].end;
    if (end <= i || end > steps.size() || (!open.empty() && end > open.back())) return false;
    open.push_back(end);
  }
  return true;
}

// How many entries the table a step's ref points into has; SIZE_MAX for kinds without a ref.
size_t ref_table_size(const Function& fn, Step::Kind kind) {
  using K = Step::Kind;
  switch (kind) {
    case K::If:
    case K::Switch:
    case K::Case:
      return fn.conditions.size();
    case K::Return:
      return fn.returned.size();
    case K::Goto:
    case K::Label:
      return fn.labels.size();
    case K::Call:
      return fn.calls.size();
    case K::Assign:
      return fn.assignments.size();
    case K::Local:
      return fn.locals.size();
    default:
      return std::numeric_limits<size_t>::max();
  }
}

bool function_is_consistent(const Function& fn, size_t names) {
  if (fn.parameters.size() != fn.parameter_types.size() || !steps_nest(fn.steps)) return false;
  for (const Step& s : fn.steps)
    if (s.ref >= ref_table_size(fn, s.kind)) return false;
  for (const NameUse& u : fn.uses)
    if (u.name >= names || u.callee >= names || u.path >= names) return false;
  return true;
}

template <class T>
std::string encode(const T& x) {
  Writer w;
  w(x);
  return w.take();
}

// Reads a T into `out` when the bytes hold exactly one that `valid` accepts; else `out` is reset.
template <class T, class Valid>
bool decode(std::string_view bytes, T& out, Valid valid) {
  T x;
  Reader r(bytes);
  r(x);
  bool ok = r.done() && valid(x);
  out = ok ? std::move(x) : T{};
  return ok;
}

}  // namespace

std::string encode_facts(const FileFacts& facts) { return encode(facts); }

bool decode_facts(std::string_view bytes, FileFacts& out) {
  return decode(bytes, out, facts_are_consistent);
}

std::string encode_unit_result(const UnitResult& result) { return encode(result); }

bool decode_unit_result(std::string_view bytes, UnitResult& out) {
  return decode(bytes, out, [](const UnitResult&) { return true; });
}

bool facts_are_consistent(const FileFacts& facts) {
  for (const Function& fn : facts.functions)
    if (!function_is_consistent(fn, facts.names.size())) return false;
  for (const ClassDecl& c : facts.classes)
    if (c.field_names.size() != c.field_name_types.size()) return false;
  return true;
}

}  // namespace pagewise

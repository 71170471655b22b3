#include "analysis/link.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <span>

#include "knowledge/placement_macros.hpp"
#include "knowledge/section_syntax.hpp"
#include "text/text.hpp"

namespace pagewise {

namespace {

bool is_header(const std::string& path) {
  auto dot = path.rfind('.');
  if (dot == std::string::npos) return false;
  char c = path.size() > dot + 1
               ? static_cast<char>(std::tolower(static_cast<unsigned char>(path[dot + 1])))
               : 0;
  return c == 'h' || c == 'i';  // .h .hh .hpp .hxx .inl
}

std::vector<std::string> split_args(std::string_view args) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= args.size(); ++i) {
    if (i == args.size() || (args[i] == ',' && depth == 0)) {
      std::string a(trim(args.substr(start, i - start)));
      if (!a.empty()) out.push_back(std::move(a));
      start = i + 1;
    } else if (args[i] == '(') {
      ++depth;
    } else if (args[i] == ')') {
      --depth;
    }
  }
  return out;
}

// What a use of a placement macro amounts to, after following its definition.
struct MacroMeaning {
  std::string code_seg;         // acts like __declspec(code_seg(...)) on what follows
  std::string allocate;         // acts like __declspec(allocate(...))
  std::vector<Pragma> pragmas;  // acts like these pragmas at the point of use
  int32_t def_file = -1;        // where the outermost macro is defined; -1 built in
  Pos def_pos;
  bool known = false;
};

class Linker {
 public:
  Linker(const Unit& unit, const std::vector<const FileFacts*>& files) {
    p_.unit = &unit;
    p_.files = files;
  }

  Program run() {
    index_names();
    for (uint32_t f = 0; f < p_.files.size(); ++f) collect_alloc_text(f);
    p_.placement.resize(p_.files.size());
    p_.data_placement.resize(p_.files.size());
    for (uint32_t f = 0; f < p_.files.size(); ++f) place_file(f);
    list_globals();
    return std::move(p_);
  }

 private:
  struct AllocText {
    std::string section;
    uint32_t file;
    Pragma pragma;
  };

  void index_names() {
    for (uint32_t f = 0; f < p_.files.size(); ++f) {
      const FileFacts& ff = *p_.files[f];
      for (uint32_t i = 0; i < ff.functions.size(); ++i)
        p_.by_name[ff.functions[i].name].push_back(FunctionId{f, i});
      for (uint32_t i = 0; i < ff.macros.size(); ++i) {
        // The first definition wins, unless a later one (another #if branch) places code and the
        // first does not.
        const MacroDef& m = ff.macros[i];
        auto [it, inserted] = p_.macros.emplace(m.name, std::make_pair(f, i));
        if (inserted) continue;
        const MacroDef& old = p_.files[it->second.first]->macros[it->second.second];
        bool old_places = !old.code_seg.empty() || !old.allocate.empty() || !old.pragmas.empty();
        bool new_places = !m.code_seg.empty() || !m.allocate.empty() || !m.pragmas.empty();
        if (!old_places && new_places) it->second = {f, i};
      }
    }
  }

  // Role declarations (`DRIVER_DISPATCH Foo;`) name functions of the unit: they are not data.
  void list_globals() {
    for (uint32_t f = 0; f < p_.files.size(); ++f)
      for (uint32_t i = 0; i < p_.files[f]->data.size(); ++i)
        if (!p_.by_name.count(p_.files[f]->data[i].name)) p_.globals.push_back({f, i});
  }

  const MacroDef* macro_def(const std::string& name, uint32_t* file = nullptr) const {
    auto it = p_.macros.find(name);
    if (it == p_.macros.end()) return nullptr;
    if (file) *file = it->second.first;
    return &p_.files[it->second.first]->macros[it->second.second];
  }

  MacroMeaning meaning_of(const std::string& name, const std::string& args) const {
    MacroMeaning m;
    uint32_t file = 0;
    const MacroDef* def = macro_def(name, &file);
    if (def) {
      m.def_file = static_cast<int32_t>(file);
      m.def_pos = def->pos;
    }
    std::string current = name;
    std::vector<std::string> actuals = split_args(args);
    for (int depth = 0; depth < 8; ++depth) {
      const MacroDef* d = macro_def(current);
      if (!d) break;
      if (!d->code_seg.empty() || !d->allocate.empty() || !d->pragmas.empty()) {
        m.code_seg = d->code_seg;
        m.allocate = d->allocate;
        m.pragmas = d->pragmas;
        // Substitute a function-like macro's parameters in alloc_text names.
        for (auto& pr : m.pragmas)
          for (auto& n : pr.names)
            for (size_t k = 0; k < d->params.size() && k < actuals.size(); ++k)
              if (n == d->params[k]) n = actuals[k];
        m.known = true;
        return m;
      }
      if (d->alias.empty()) break;
      current = d->alias;
    }
    if (const BuiltinPlacementMacro* b = find_builtin_placement_macro(current)) {
      using M = BuiltinPlacementMacro::Meaning;
      Pragma pr;
      pr.text = current;
      pr.via_macro = name;
      switch (b->meaning) {
        case M::Declspec:
          m.code_seg = b->section;
          break;
        case M::RegionBegin:
          pr.kind = PragmaKind::CodeSeg;
          pr.action = Pragma::Action::Push;
          pr.section = b->section;
          m.pragmas.push_back(pr);
          break;
        case M::RegionEnd:
          pr.kind = PragmaKind::CodeSeg;
          pr.action = Pragma::Action::Pop;
          m.pragmas.push_back(pr);
          break;
        case M::AllocText:
          pr.kind = PragmaKind::AllocText;
          pr.section = b->section;
          pr.names = actuals;
          pr.text = current + "(" + args + ")";
          m.pragmas.push_back(pr);
          break;
      }
      m.known = true;
    }
    return m;
  }

  // The pragmas a file applies, in source order: its own plus those that macro uses expand to.
  std::vector<Pragma> file_pragmas(uint32_t f) const {
    const FileFacts& ff = *p_.files[f];
    std::vector<Pragma> out;
    for (const Pragma& pr : ff.pragmas) {
      if (pr.kind != PragmaKind::Other) {
        out.push_back(pr);
        continue;
      }
      // `#pragma MACRO(args)`: the macro's body is the pragma (NDIS_PAGEABLE_FUNCTION(Fn)).
      if (pr.via_macro.empty()) continue;
      MacroMeaning m = meaning_of(pr.via_macro, pr.macro_args);
      for (Pragma x : m.pragmas) {
        x.pos = pr.pos;
        x.via_macro = pr.via_macro;
        x.text = pr.text;
        out.push_back(std::move(x));
      }
    }
    for (const Annotation& a : ff.annotations) {
      if (a.name == "__declspec" || a.name == "__pragma") continue;
      if (!macro_def(a.name) && !find_builtin_placement_macro(a.name)) continue;
      MacroMeaning m = meaning_of(a.name, a.args);
      for (Pragma pr : m.pragmas) {
        pr.pos = a.pos;
        pr.via_macro = a.name;
        if (pr.text.empty() || pr.text == a.name)
          pr.text = a.args.empty() ? a.name : a.name + "(" + a.args + ")";
        out.push_back(std::move(pr));
      }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Pragma& a, const Pragma& b) { return a.pos.offset < b.pos.offset; });
    return out;
  }

  void collect_alloc_text(uint32_t f) {
    std::vector<Pragma> prs = file_pragmas(f);
    for (const Pragma& pr : prs) {
      if (pr.kind != PragmaKind::AllocText) continue;
      for (const std::string& n : pr.names) {
        AllocText at{pr.section, f, pr};
        alloc_local_[f].emplace(n, at);
        if (is_header(p_.files[f]->path)) alloc_unit_.emplace(n, at);
      }
    }
    pragmas_[f] = std::move(prs);
  }

  // A section named by a macro: `#pragma alloc_text(DRV_SECTION, f)` with
  // `#define DRV_SECTION "PAGEVrfy"`.
  std::string resolve_section(const std::string& section) const {
    std::string s = section;
    for (int depth = 0; depth < 8; ++depth) {
      const MacroDef* d = macro_def(s);
      if (!d || d->function_like) break;
      std::string body(trim(d->body));
      if (body.size() >= 2 && body.front() == '"' && body.back() == '"')
        return body.substr(1, body.size() - 2);
      if (body.empty() || body.find_first_of(" (\"") != std::string::npos) break;
      s = body;
    }
    return s;
  }

  Placement from_pragma(const Pragma& pr, uint32_t f, Placement::How how) const {
    Placement pl;
    pl.section = resolve_section(pr.section);
    pl.cls = classify_section(pl.section);
    pl.how = how;
    pl.file = static_cast<int32_t>(f);
    pl.pos = pr.pos;
    pl.text = pr.text;
    if (!pr.via_macro.empty()) {
      pl.macro = pr.via_macro;
      uint32_t mf = 0;
      if (const MacroDef* d = macro_def(pr.via_macro, &mf)) {
        pl.macro_file = static_cast<int32_t>(mf);
        pl.macro_pos = d->pos;
      }
    }
    return pl;
  }

  // A __declspec written on the declaration (directly or through a macro).
  std::optional<Placement> declspec_placement(std::span<const Annotation> annotations, uint32_t f,
                                              std::string_view key) const {
    for (const Annotation& a : annotations) {
      std::string section;
      Placement pl;
      if (a.name == "__declspec") {
        section = declspec_argument(a.args, key);
        if (section.empty()) continue;
        pl.text = "__declspec(" + a.args + ")";
      } else {
        if (!macro_def(a.name) && !find_builtin_placement_macro(a.name)) continue;
        MacroMeaning m = meaning_of(a.name, a.args);
        section = key == "code_seg" ? m.code_seg : m.allocate;
        if (section.empty()) continue;
        pl.macro = a.name;
        pl.macro_file = m.def_file;
        pl.macro_pos = m.def_pos;
        pl.text = a.name;
      }
      pl.section = section;
      pl.cls = classify_section(section);
      pl.how = key == "code_seg" ? Placement::How::Declspec : Placement::How::Allocate;
      pl.file = static_cast<int32_t>(f);
      pl.pos = a.pos;
      return pl;
    }
    return std::nullopt;
  }

  struct SegState {
    std::optional<Placement> current;  // nullopt: the default section
    std::vector<std::pair<std::string, std::optional<Placement>>> stack;
    // The last `#pragma code_seg()` while the default section is in force since, and whether it
    // says "resident on purpose" for everything up to the next code_seg pragma.
    std::optional<Pos> reset;
    bool reset_deliberate = false;
    uint32_t placed_since_reset = 0;
    bool after_push = false;

    void apply(const Pragma& pr, const Placement& pl) {
      bool pushed = after_push;
      after_push = false;
      bool resets = pr.action == Pragma::Action::Reset ||
                    (pr.action == Pragma::Action::Set && pr.section.empty());
      if (resets) {
        reset_deliberate = !current || pushed;
        reset = pr.pos;
        placed_since_reset = 0;
      } else {
        reset.reset();
      }
      switch (pr.action) {
        case Pragma::Action::Set:
          current = pr.section.empty() ? std::nullopt : std::optional<Placement>(pl);
          break;
        case Pragma::Action::Reset:
          current.reset();
          break;
        case Pragma::Action::Push:
          stack.emplace_back(pr.label, current);
          if (!pr.section.empty())
            current = pl;
          else
            after_push = true;
          break;
        case Pragma::Action::Pop:
          if (stack.empty()) break;
          if (!pr.label.empty()) {
            // Pops records until the one pushed with this label is gone (MSVC's stack pragmas).
            auto it = std::find_if(stack.rbegin(), stack.rend(),
                                   [&](const auto& e) { return e.first == pr.label; });
            if (it == stack.rend()) break;
            size_t keep = static_cast<size_t>(stack.rend() - it) - 1;
            current = stack[keep].second;
            stack.resize(keep);
          } else {
            current = stack.back().second;
            stack.pop_back();
          }
          if (!pr.section.empty()) current = pl;
          break;
      }
    }
  };

  // Long: one walk over pragmas, functions and data in source order, carrying the section state.
  void place_file(uint32_t f) {
    const FileFacts& ff = *p_.files[f];
    const std::vector<Pragma>& prs = pragmas_[f];
    // Walk functions, data and pragmas together in source order.
    struct Event {
      uint32_t offset;
      int kind;  // 0 pragma, 1 function, 2 data
      uint32_t index;
    };
    std::vector<Event> events;
    events.reserve(prs.size() + ff.functions.size() + ff.data.size());
    for (uint32_t i = 0; i < prs.size(); ++i) events.push_back({prs[i].pos.offset, 0, i});
    // A function takes the section in force where its name is written: a `#pragma code_seg` may
    // stand between `inline` or `static` and the rest of the definition.
    for (uint32_t i = 0; i < ff.functions.size(); ++i)
      events.push_back({ff.functions[i].name_pos.offset, 1, i});
    for (uint32_t i = 0; i < ff.data.size(); ++i) events.push_back({ff.data[i].pos.offset, 2, i});
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
      return a.offset != b.offset ? a.offset < b.offset : a.kind < b.kind;
    });

    SegState code, data, bss, cnst;
    auto& fplace = p_.placement[f];
    auto& dplace = p_.data_placement[f];
    fplace.resize(ff.functions.size());
    dplace.resize(ff.data.size());
    for (const Event& e : events) {
      if (e.kind == 0) {
        const Pragma& pr = prs[e.index];
        switch (pr.kind) {
          case PragmaKind::CodeSeg:
            code.apply(pr, from_pragma(pr, f, Placement::How::CodeSeg));
            break;
          case PragmaKind::DataSeg:
            data.apply(pr, from_pragma(pr, f, Placement::How::DataSeg));
            break;
          case PragmaKind::BssSeg:
            bss.apply(pr, from_pragma(pr, f, Placement::How::BssSeg));
            break;
          case PragmaKind::ConstSeg:
            cnst.apply(pr, from_pragma(pr, f, Placement::How::ConstSeg));
            break;
          default:
            break;
        }
      } else if (e.kind == 1) {
        const Function& fn = ff.functions[e.index];
        Placement pl = place_function(fn, f, code);
        // Resident on purpose: the reset opened a resident region (after a push, or with nothing
        // pageable to close), or it is written inside this definition's header, between its
        // annotations and its name (`_Use_decl_annotations_ #pragma code_seg() NTSTATUS F(...)`).
        // A reset just above a definition is no sign: that is how a PAGE region is closed.
        auto in_header = [&](Pos at) {
          return at.offset < fn.name_pos.offset &&
                 std::any_of(fn.annotations.begin(), fn.annotations.end(),
                             [&](const Annotation& a) { return a.pos.offset < at.offset; });
        };
        if (pl.how == Placement::How::Default && code.reset &&
            (code.reset_deliberate || (code.placed_since_reset == 0 && in_header(*code.reset)))) {
          pl.kept_resident_file = static_cast<int32_t>(f);
          pl.kept_resident_pos = *code.reset;
        }
        if (code.reset) ++code.placed_since_reset;
        fplace[e.index] = std::move(pl);
      } else {
        dplace[e.index] = place_data(ff.data[e.index], f, data, bss, cnst);
      }
    }
  }

  Placement place_function(const Function& fn, uint32_t f, const SegState& code) const {
    if (auto d = declspec_placement(fn.annotations, f, "code_seg")) return *d;
    // A member function without its own code_seg takes its class's.
    std::string cls = fn.enclosing_class;
    if (cls.empty() && fn.name.rfind("::") != std::string::npos)
      cls = fn.name.substr(0, fn.name.rfind("::"));
    if (!cls.empty())
      for (uint32_t cf = 0; cf < p_.files.size(); ++cf)
        for (const ClassDecl& c : p_.files[cf]->classes)
          if (c.name == cls || (c.name.size() > cls.size() &&
                                c.name.compare(c.name.size() - cls.size(), cls.size(), cls) == 0 &&
                                c.name[c.name.size() - cls.size() - 1] == ':'))
            if (auto d = declspec_placement(c.annotations, cf, "code_seg")) return *d;
    // The name itself written through a macro that places it: `NTSTATUS VRFY_FUNCTION(Check)(...)`.
    auto paren = fn.name.find('(');
    if (paren != std::string::npos && paren > 0) {
      Annotation a;
      a.name = fn.name.substr(0, paren);
      a.args = fn.name.substr(paren + 1, fn.name.size() - paren - 2);
      a.pos = fn.name_pos;
      if (auto d = declspec_placement({&a, 1}, f, "code_seg")) return *d;
    }
    auto file_map = alloc_local_.find(f);
    if (file_map != alloc_local_.end()) {
      auto local = file_map->second.find(fn.name);
      if (local != file_map->second.end())
        return from_pragma(local->second.pragma, local->second.file, Placement::How::AllocText);
    }
    auto unit = alloc_unit_.find(fn.name);
    if (unit != alloc_unit_.end())
      return from_pragma(unit->second.pragma, unit->second.file, Placement::How::AllocText);
    if (code.current) return *code.current;
    return Placement{};
  }

  Placement place_data(const DataItem& d, uint32_t f, const SegState& data, const SegState& bss,
                       const SegState& cnst) const {
    Placement def;
    def.section = ".data";
    if (d.is_extern) return def;  // a declaration, not a definition
    if (auto a = declspec_placement(d.annotations, f, "allocate")) return *a;
    // Microsoft: const objects follow const_seg, initialized data data_seg, the rest bss_seg.
    if (d.is_const) {
      def.section = ".rdata";
      return cnst.current ? *cnst.current : def;
    }
    if (d.initialized) {
      def.section = ".data";
      return data.current ? *data.current : def;
    }
    def.section = ".bss";
    return bss.current ? *bss.current : def;
  }

  Program p_;
  std::unordered_map<uint32_t, std::unordered_map<std::string, AllocText>> alloc_local_;
  std::unordered_map<std::string, AllocText> alloc_unit_;
  std::unordered_map<uint32_t, std::vector<Pragma>> pragmas_;
};

}  // namespace

Program link(const Unit& unit, const std::vector<const FileFacts*>& files) {
  return Linker(unit, files).run();
}

}  // namespace pagewise

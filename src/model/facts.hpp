// FileFacts: everything pagewise reads from one source file, as plain data. No tree-sitter type
// escapes the frontend; the analysis stages see only these structs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/packed_vector.hpp"

namespace pagewise {

// A place in a file. Lines and columns are 1-based; columns count bytes.
struct Pos {
  uint32_t line = 0;
  uint32_t col = 0;
  uint32_t offset = 0;  // byte offset into the original file

  bool operator==(const Pos&) const = default;
};

enum class Language : uint8_t { C, Cpp };

// Something the pre-pass blanked (a SAL annotation, a __declspec, a placement or decoration
// macro), kept so that it can be attached to the declaration that follows it.
struct Annotation {
  std::string name;  // e.g. "_IRQL_requires_max_", "__declspec", "PAGED_CODE_SEG"
  std::string args;  // raw text between the outer parentheses, "" if none
  Pos pos;
  uint32_t end = 0;  // byte offset just past the item

  bool operator==(const Annotation&) const = default;
};

enum class PragmaKind : uint8_t { AllocText, CodeSeg, DataSeg, BssSeg, ConstSeg, Other };

// One section-changing pragma, from a `#pragma` line, a `__pragma(...)` operator, an NDIS
// placement macro, or the expansion of a unit macro that contains any of those.
struct Pragma {
  PragmaKind kind = PragmaKind::Other;
  // code_seg/data_seg/bss_seg/const_seg: the action and its operands.
  enum class Action : uint8_t { Set, Reset, Push, Pop } action = Action::Set;
  std::string section;             // section named (Set, or Push with a name), quoted or bare
  std::string label;               // push/pop identifier, if any
  std::vector<std::string> names;  // alloc_text: the functions placed
  Pos pos;                         // where it is written in this file
  std::string via_macro;           // macro whose use produced it ("" for a plain pragma)
  std::string macro_args;          // kind Other, `#pragma MACRO(args)`: the arguments as written
  std::string text;                // the pragma as written, for messages

  bool operator==(const Pragma&) const = default;
};

// An object-like or function-like macro definition (`#define`).
struct MacroDef {
  std::string name;
  bool function_like = false;
  std::vector<std::string> params;
  std::string body;  // continuation lines joined, comments removed
  Pos pos;
  // What the body means for placement, read by the frontend (link resolves uses of the macro):
  std::string code_seg;         // `__declspec(code_seg("X"))` in the body: X
  std::string allocate;         // `__declspec(allocate("X"))` in the body: X
  std::vector<Pragma> pragmas;  // `__pragma(...)` operators in the body, in order
  std::string alias;            // the body is one identifier (possibly another macro)

  bool operator==(const MacroDef&) const = default;
};

// `// pagewise: ignore[rule-id, ...] reason` silences those rules on its own line and the next.
struct Suppression {
  uint32_t line = 0;
  std::vector<std::string> rules;  // empty: malformed, reported as such
  std::string reason;              // the text after `]`, kept as the suppression's justification

  bool operator==(const Suppression&) const = default;
};

// `#pragma warning(...)` as MSVC and Code Analysis read it, for the warning numbers that match a
// pagewise rule (knowledge/code_analysis): `suppress` silences them on the next statement,
// `disable` from here on, `default` turns them back on, `push`/`pop` save and restore the state.
struct WarningPragma {
  enum class Action : uint8_t { Suppress, Disable, Default, Push, Pop };
  Action action = Action::Disable;
  uint32_t line = 0;
  // Suppress: the lines it covers, from the next line holding code to the end of the statement
  // or declaration header that starts there (its first ';' or '{').
  uint32_t first_line = 0, last_line = 0;
  std::vector<uint32_t> numbers;
  std::string justification;  // `justification: "..."`, "" when not given

  bool operator==(const WarningPragma&) const = default;
};

// A conditional-compilation region whose condition was decided false by -D/-U: facts inside it
// are dropped.
struct InactiveRange {
  uint32_t begin = 0;
  uint32_t end = 0;

  bool operator==(const InactiveRange&) const = default;
};

// PAGED_CODE() or PAGED_CODE_LOCKED() inside a function body.
struct PagedCodeSite {
  std::string macro;  // "PAGED_CODE" or "PAGED_CODE_LOCKED"
  Pos pos;

  bool operator==(const PagedCodeSite&) const = default;
};

// A call written in a function body, with the text of its arguments.
struct Call {
  std::string callee;  // name as written: "Foo", "Obj::Method", "obj->Method", "pObj.Method"
  std::vector<std::string> args;
  Pos pos;
  // The variable or field its value is assigned to (`x = f(...)`, `T x = f(...)`,
  // `s->f = f(...)`), white space removed; "" when the value is not stored.
  std::string result_to;

  bool operator==(const Call&) const = default;
};

// `lhs op rhs` in a body (also `T x = value;`): registrations, ExecutionLevel, flags, pointers.
struct Assignment {
  std::string lhs;  // white space removed: "DriverObject->MajorFunction[IRP_MJ_CREATE]"
  std::string op;   // "=", "|=", "&=", ..., and "++" / "--" for increments (rhs empty)
  std::string rhs;  // single-spaced text
  Pos pos;

  bool operator==(const Assignment&) const = default;
};

// A local variable (C++: possibly an object whose constructor and destructor do work).
struct LocalObject {
  std::string type;      // as written, white space removed: "KLOCK_QUEUE_HANDLE", "CAutoLock"
  bool pointer = false;  // `T* x`: a pointer to a T, not a T
  std::string name;
  std::vector<std::string> args;  // constructor arguments `T x(a, b)` / `T x{a, b}`
  Pos pos;

  bool operator==(const LocalObject&) const = default;
};

// The statement structure of a body, as far as IRQL and lock tracking need it: a flat list in
// source order where each step's `end` is the index one past its last descendant. Calls inside
// one expression come innermost first (the order they run in).
struct Step {
  enum class Kind : uint8_t {
    Block,   // a sequence; locals declared directly in it are destroyed at its end
    If,      // children: Block(Cond), Block(Then), optional Block(Else); ref: its condition
    Loop,    // children: Block(Header)..., Block(LoopBody)
    Switch,  // children: Block(Cond), Block(SwitchBody) holding Case steps; ref: its condition
    Case,    // a case or default label with the statements under it; ref: the label's value
    Return,  // children: the returned expression's steps; ref: index into Function::returned
    Goto,    // ref: index into Function::labels
    Label,   // ref: index into Function::labels; children: the labelled statement
    Break,
    Continue,
    Call,    // ref: index into Function::calls
    Assign,  // ref: index into Function::assignments
    Local,   // ref: index into Function::locals
    Lambda,  // children: the lambda's body (it may run where it is written, or not)
    Try,     // children: Block(TryBody), Block(Handler)...
  } kind = Kind::Block;
  enum class Role : uint8_t {
    Plain,
    Cond,
    Then,
    Else,
    Header,
    LoopBody,
    SwitchBody,
    TryBody,
    Handler
  } role = Role::Plain;
  uint32_t end = 0;
  uint32_t ref = 0;
  Pos pos;

  bool operator==(const Step&) const = default;
};

// A name read or written in a body that is not a parameter of the function: a global, a
// structure field (`->Buffer`), or a local where it is followed (`local`). Kept for the paged-data
// rules. `before_step` is
// the index of the step that follows the use, so flow analysis knows which state it happens in.
struct NameUse {
  uint32_t name = 0;  // index into FileFacts::names
  uint32_t before_step = 0;
  Pos pos;
  bool field = false;          // `x->name` / `x.name`
  bool address_taken = false;  // `&name`
  // What the use does with the value (past casts and parentheses): follows it as an address
  // (`*v`, `v[i]`, `v->x`, `v.x`), passes it to a call, or only reads or writes the value itself
  // (tests it, copies it, returns it). Touching the memory a pointer designates needs the first
  // two; reading the pointer does not touch it. `&x->f` passed to a call is an Argument too
  // (with address_taken set).
  enum class Access : uint8_t { Value, Dereference, Argument } access = Access::Value;
  uint8_t argument = 0;  // Argument: its index (0-based; 255 and beyond are 255)
  uint32_t callee = 0;   // Argument: the callee as written, white space removed (into names)
  uint32_t path = 0;     // field: the whole access as written, `ext->Log.Buffer` (into names)
  // A local variable of the function, recorded only where its value is followed as an address
  // (`*v`, `v[i]`) or handed to a routine that reads or writes through it (RtlCopyMemory): what a
  // local pointer designates (paged pool a helper returned) is touched there. `v->x` is the
  // field use of x, whose path starts at v. Every other use is of a global (or of a field).
  bool local = false;

  bool operator==(const NameUse&) const = default;
};

struct Function {
  std::string name;       // as declared: "DriverEntry", "CMiniport::Init"
  Pos pos;                // the start of the definition (its first annotation excluded)
  Pos name_pos;           // the function's name
  Pos body_pos;           // the opening brace
  uint32_t end_line = 0;  // line of the closing brace
  uint32_t end_offset = 0;
  bool is_inline = false;  // inline/__inline/__forceinline/FORCEINLINE
  // `static` at file scope or in an anonymous namespace: only its own file (or, defined in a
  // header, the files that include it) can call it.
  bool internal = false;
  bool header_error = false;    // ERROR/MISSING in its header: name and body usable, types not
  bool body_error = false;      // ERROR/MISSING inside its body
  std::string enclosing_class;  // for methods defined inside a class body
  PackedVector<Annotation> annotations;  // attached from the pre-pass
  PackedVector<PagedCodeSite> paged_code;
  // First conditional statement (if, switch, loop, ?:) in the body, or line 0 if none.
  Pos first_conditional;
  PackedVector<Call> calls;
  PackedVector<Assignment> assignments;
  PackedVector<LocalObject> locals;
  PackedVector<std::string> labels;
  PackedVector<Step> steps;  // steps[0] is the body's Block
  PackedVector<NameUse> uses;
  PackedVector<std::string> parameters;
  // Same order, as written, with a `*` for a pointer declarator: "FxDevice*", "PIRP".
  PackedVector<std::string> parameter_types;
  // The parameter annotated `_IRQL_saves_` or `__drv_savesIRQL` (`__drv_deref(__drv_savesIRQL)`
  // on a PKIRQL): the function stores the IRQL current at its call there; -1 if none.
  int32_t saves_irql_parameter = -1;
  // Parameters a call may leave out: those with a default value (not in `parameters`) and `...`.
  uint32_t optional_parameters = 0;
  // If/Switch step ref: the condition as written; Case step ref: the label's value ("" default)
  PackedVector<std::string> conditions;
  // Return step ref: the returned value as written ("" for a bare `return;`)
  PackedVector<std::string> returned;

  bool operator==(const Function&) const = default;
};

// A declaration of a function (prototype) or of a callback role (`DRIVER_DISPATCH Foo;`).
struct Declaration {
  std::string name;
  std::string type;          // the declared type, e.g. "DRIVER_DISPATCH"; "" for a plain prototype
  bool is_function = false;  // a prototype `T Name(...)`
  Pos pos;
  std::vector<Annotation> annotations;

  bool operator==(const Declaration&) const = default;
};

// A global variable definition (for data placement).
struct DataItem {
  std::string name;
  std::string type;
  bool initialized = false;
  bool is_const = false;
  bool is_extern = false;
  bool is_array = false;    // `T name[...]`: its name is its address
  bool is_pointer = false;  // `T* name`
  // Names in its initializer (`{ ..., PreCreate, PostCreate }`): a function named there has its
  // address stored in a table, so it can be called from code pagewise does not see.
  std::vector<std::string> initializer_names;
  // The top-level elements of a brace initializer, in order and as written (white space
  // squeezed): `{ RecvFn, NULL, .Field = Fn }` → "RecvFn", "NULL", ".Field=Fn". Positional
  // initializers of dispatch structures register callbacks by the field order.
  std::vector<std::string> initializer_elements;
  Pos pos;
  std::vector<Annotation> annotations;

  bool operator==(const DataItem&) const = default;
};

// A class or struct with a body, and the recorded items written between its keyword and its
// body (`class DRV_PAGED_CLASS LockHolder { ... }`): a code_seg there is the default section of
// every member function.
struct ClassDecl {
  std::string name;
  Pos pos;
  std::vector<Annotation> annotations;
  std::vector<std::string> aliases;      // `typedef struct _X { ... } X, *PX;`: X (not PX)
  std::vector<std::string> field_types;  // the types of its data members, as written
  std::vector<std::string> field_names;  // the names of its data members
  // The type of each name in field_names (same order), as written, with a `*` for a pointer
  // declarator: `FxLock m_L, *m_P;` gives "FxLock", "FxLock*".
  std::vector<std::string> field_name_types;
  std::vector<std::string> bases;  // `class D : public B, C<T>`: "B", "C<T>"

  bool operator==(const ClassDecl&) const = default;
};

// `typedef FxDevice CfxDevice;`, `typedef FOO* PFOO;`: a name for a type declared elsewhere.
struct TypeAlias {
  std::string name;  // "CfxDevice"
  std::string type;  // "FxDevice", "FOO*" (white space removed)

  bool operator==(const TypeAlias&) const = default;
};

struct ParseStats {
  uint32_t error_nodes = 0;  // ERROR or MISSING nodes in the tree
  bool has_error = false;
  // Function bodies a plain scan of the text sees (a `{` after `)` outside any body), to set
  // beside the functions the parse recovered (--stats).
  uint32_t tag_scan_functions = 0;

  bool operator==(const ParseStats&) const = default;
};

struct FileFacts {
  std::string path;          // as given to discovery
  std::string display_path;  // relative to the scanned root, for reports
  Language language = Language::C;
  uint64_t bytes = 0;
  uint32_t lines = 0;
  ParseStats parse;
  std::vector<std::string> problems;  // why facts may be missing (not UTF-8, too deep, ...)
  uint32_t limits_hit = 0;            // how many of the problems are a limit pagewise sets

  std::vector<Function> functions;
  std::vector<Declaration> declarations;
  std::vector<DataItem> data;
  std::vector<Pragma> pragmas;   // source order
  std::vector<MacroDef> macros;  // source order
  std::vector<InactiveRange> inactive;
  std::vector<Annotation> annotations;  // every recorded pre-pass item, source order
  std::vector<Suppression> suppressions;
  std::vector<WarningPragma> warning_pragmas;  // source order, active branches only
  std::vector<std::string> names;              // interned names for NameUse
  std::vector<ClassDecl> classes;
  std::vector<TypeAlias> type_aliases;

  bool operator==(const FileFacts&) const = default;
};

}  // namespace pagewise

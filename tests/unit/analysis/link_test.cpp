// link: the final section of every function and global of a unit, and the line (and macro) that
// put it there. Units are small multi-file snippets run through the real frontend.
#include "analysis/link.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "frontend/file_stage.hpp"

namespace pagewise {
namespace {

struct Snippet {
  std::string path;
  std::string text;
};

// A unit's facts and its Program, kept together (the Program points into the facts).
struct Linked {
  Unit unit;
  std::vector<FileFacts> facts;
  Program program;

  // The placement of the function (or, with data = true, the global) called `name`.
  const Placement* find(const std::string& name, bool data = false) const {
    for (uint32_t f = 0; f < facts.size(); ++f) {
      if (!data) {
        for (uint32_t i = 0; i < facts[f].functions.size(); ++i)
          if (facts[f].functions[i].name == name) return &program.placement[f][i];
      } else {
        for (uint32_t i = 0; i < facts[f].data.size(); ++i)
          if (facts[f].data[i].name == name) return &program.data_placement[f][i];
      }
    }
    return nullptr;
  }
  const Placement& fn(const std::string& name) const {
    const Placement* p = find(name);
    if (!p) throw std::runtime_error("no function " + name);
    return *p;
  }
  const Placement& data(const std::string& name) const {
    const Placement* p = find(name, true);
    if (!p) throw std::runtime_error("no data " + name);
    return *p;
  }
};

std::unique_ptr<Linked> link_unit(const std::vector<Snippet>& snippets) {
  auto out = std::make_unique<Linked>();
  std::vector<SourceFile> sources;
  for (const Snippet& s : snippets) {
    SourceFile src;
    src.path = s.path;
    src.text = s.text;
    src.size = s.text.size();
    src.readable = true;
    src.parse = true;
    sources.push_back(std::move(src));
    out->unit.files.push_back(s.path);
  }
  out->unit.name = "unit";
  std::vector<FileScan> scans;
  for (const SourceFile& s : sources) scans.push_back(scan_file(s));
  Dialect dialect = Dialect::builtin();
  add_unit_macros(scans, dialect);
  ConditionConfig cfg;
  FileContext ctx{&dialect, &cfg};
  Parser parser;
  for (size_t i = 0; i < sources.size(); ++i)
    out->facts.push_back(analyze_file(sources[i], scans[i], ctx, parser));
  std::vector<const FileFacts*> ptrs;
  for (const FileFacts& f : out->facts) ptrs.push_back(&f);
  out->program = link(out->unit, ptrs);
  return out;
}

using How = Placement::How;

void expect_default(const Placement& p, const std::string& section = ".text") {
  EXPECT_EQ(p.section, section);
  EXPECT_EQ(p.cls, SectionClass::Resident);
  EXPECT_EQ(p.how, How::Default);
  EXPECT_EQ(p.file, -1);
  EXPECT_EQ(p.macro, "");
}

// ---- alloc_text ---------------------------------------------------------------------------------

TEST(Link, AllocTextLocalAndFromAHeader) {
  auto u = link_unit({
      {"drv.h",
       "#pragma once\n"
       "VOID FromHeader(VOID);\n"
       "#pragma alloc_text(PAGE, FromHeader)\n"},
      {"a.c",
       "#include \"drv.h\"\n"
       "#pragma alloc_text(PAGE, Local)\n"
       "#pragma alloc_text(INIT, DriverEntry)\n"
       "#pragma alloc_text(\"PAGEQ\", Quoted, Second)\n"
       "VOID Local(VOID) { }\n"
       "NTSTATUS DriverEntry(VOID) { return 0; }\n"
       "VOID FromHeader(VOID) { }\n"
       "VOID Quoted(VOID) { }\n"
       "VOID Second(VOID) { }\n"
       "VOID Unplaced(VOID) { }\n"},
      {"b.c",
       "VOID Local(VOID) { }\n"  // same name, other file: a.c's pragma does not reach it
       "VOID FromHeader2(VOID) { }\n"},
  });
  const Placement& local = u->fn("Local");
  EXPECT_EQ(local.section, "PAGE");
  EXPECT_EQ(local.cls, SectionClass::Pageable);
  EXPECT_EQ(local.how, How::AllocText);
  EXPECT_EQ(local.file, 1);
  EXPECT_EQ(local.pos.line, 2u);
  EXPECT_EQ(local.pos.col, 1u);
  EXPECT_EQ(local.text, "#pragma alloc_text(PAGE, Local)");
  EXPECT_EQ(local.macro, "");
  EXPECT_EQ(local.macro_file, -1);

  const Placement& init = u->fn("DriverEntry");
  EXPECT_EQ(init.section, "INIT");
  EXPECT_EQ(init.cls, SectionClass::Init);
  EXPECT_EQ(init.pos.line, 3u);

  const Placement& header = u->fn("FromHeader");
  EXPECT_EQ(header.section, "PAGE");
  EXPECT_EQ(header.how, How::AllocText);
  EXPECT_EQ(header.file, 0) << "placed by the header's pragma";
  EXPECT_EQ(header.pos.line, 3u);

  EXPECT_EQ(u->fn("Quoted").section, "PAGEQ");
  EXPECT_EQ(u->fn("Second").section, "PAGEQ");
  EXPECT_EQ(u->fn("Second").cls, SectionClass::Pageable);
  expect_default(u->fn("Unplaced"));
  // b.c's Local: the second function of that name.
  EXPECT_EQ(u->program.placement[2][0].how, How::Default);
  expect_default(u->fn("FromHeader2"));
}

TEST(Link, AllocTextSectionNamedByAMacro) {
  auto u = link_unit({{"a.c",
                       "#define DRV_SECTION \"PAGEVrfy\"\n"
                       "#pragma alloc_text(DRV_SECTION, Check)\n"
                       "VOID Check(VOID) { }\n"}});
  EXPECT_EQ(u->fn("Check").section, "PAGEVrfy");
  EXPECT_EQ(u->fn("Check").cls, SectionClass::Pageable);
  EXPECT_EQ(u->fn("Check").how, How::AllocText);
}

// ---- code_seg state -----------------------------------------------------------------------------

TEST(Link, CodeSegSetResetPushPopAndLabels) {
  auto u = link_unit({{"a.c",
                       "VOID Before(VOID) { }\n"                  // 1
                       "#pragma code_seg(\"PAGE\")\n"             // 2
                       "VOID Set(VOID) { }\n"                     // 3
                       "#pragma code_seg()\n"                     // 4
                       "VOID Reset(VOID) { }\n"                   // 5
                       "#pragma code_seg(push, r1, \"PAGE\")\n"   // 6
                       "VOID Pushed(VOID) { }\n"                  // 7
                       "#pragma code_seg(push, r2, \"PAGEX\")\n"  // 8
                       "VOID Pushed2(VOID) { }\n"                 // 9
                       "#pragma code_seg(pop, r1)\n"              // 10 pops r2 and r1
                       "VOID PoppedToR1(VOID) { }\n"              // 11
                       "#pragma code_seg(\"INIT\")\n"             // 12
                       "#pragma code_seg(push)\n"                 // 13
                       "#pragma code_seg(\"PAGE\")\n"             // 14
                       "VOID Inner(VOID) { }\n"                   // 15
                       "#pragma code_seg(pop)\n"                  // 16
                       "VOID Outer(VOID) { }\n"                   // 17
                       "#pragma code_seg(pop)\n"                  // 18 nothing to pop: ignored
                       "VOID Still(VOID) { }\n"}});               // 19
  expect_default(u->fn("Before"));
  const Placement& set = u->fn("Set");
  EXPECT_EQ(set.section, "PAGE");
  EXPECT_EQ(set.how, How::CodeSeg);
  EXPECT_EQ(set.file, 0);
  EXPECT_EQ(set.pos.line, 2u);
  EXPECT_EQ(set.text, "#pragma code_seg(\"PAGE\")");
  expect_default(u->fn("Reset"));
  EXPECT_EQ(u->fn("Pushed").section, "PAGE");
  EXPECT_EQ(u->fn("Pushed").pos.line, 6u);
  EXPECT_EQ(u->fn("Pushed2").section, "PAGEX");
  EXPECT_EQ(u->fn("Pushed2").pos.line, 8u);
  expect_default(u->fn("PoppedToR1"));
  EXPECT_EQ(u->fn("Inner").section, "PAGE");
  EXPECT_EQ(u->fn("Inner").pos.line, 14u);
  const Placement& outer = u->fn("Outer");
  EXPECT_EQ(outer.section, "INIT");
  EXPECT_EQ(outer.cls, SectionClass::Init);
  EXPECT_EQ(outer.pos.line, 12u) << "the pragma whose state the pop restored";
  EXPECT_EQ(u->fn("Still").section, "INIT");
}

TEST(Link, CodeSegStateIsPerFile) {
  auto u = link_unit(
      {{"a.c", "#pragma code_seg(\"PAGE\")\nVOID A(VOID) { }\n"}, {"b.c", "VOID B(VOID) { }\n"}});
  EXPECT_EQ(u->fn("A").section, "PAGE");
  expect_default(u->fn("B"));
}

TEST(Link, PragmaBetweenSpecifiersAndNameApplies) {
  auto u = link_unit({{"a.c",
                       "static\n"
                       "#pragma code_seg(\"PAGE\")\n"
                       "VOID Late(VOID) { }\n"
                       "#pragma code_seg()\n"}});
  EXPECT_EQ(u->fn("Late").section, "PAGE");
  EXPECT_EQ(u->fn("Late").pos.line, 2u);
}

TEST(Link, PrecedenceDeclspecThenAllocTextThenCodeSeg) {
  auto u = link_unit({{"a.c",
                       "#pragma alloc_text(PAGEA, Both, AllocOnly)\n"
                       "#pragma code_seg(\"PAGES\")\n"
                       "__declspec(code_seg(\"PAGED\")) VOID Both(VOID) { }\n"
                       "VOID AllocOnly(VOID) { }\n"
                       "VOID SegOnly(VOID) { }\n"}});
  EXPECT_EQ(u->fn("Both").section, "PAGED");
  EXPECT_EQ(u->fn("Both").how, How::Declspec);
  EXPECT_EQ(u->fn("AllocOnly").section, "PAGEA");
  EXPECT_EQ(u->fn("AllocOnly").how, How::AllocText);
  EXPECT_EQ(u->fn("SegOnly").section, "PAGES");
  EXPECT_EQ(u->fn("SegOnly").how, How::CodeSeg);
}

// ---- __declspec(code_seg) direct and through macros ---------------------------------------------

TEST(Link, DeclspecDirectAndThroughMacros) {
  auto u = link_unit({
      {"drv.h",
       "#pragma once\n"
       "#define PAGED_SEG __declspec(code_seg(\"PAGE\"))\n"  // 2
       "#define MY_PAGED PAGED_SEG\n"                        // 3: an alias of another macro
       "#define INIT_FN __declspec(code_seg(\"INIT\"))\n"},  // 4
      {"a.c",
       "#include \"drv.h\"\n"
       "__declspec(code_seg(\"PAGE\")) VOID Direct(VOID) { }\n"  // 2
       "PAGED_SEG VOID ViaMacro(VOID) { }\n"                     // 3
       "MY_PAGED VOID ViaAlias(VOID) { }\n"                      // 4
       "INIT_FN VOID InitFn(VOID) { }\n"                         // 5
       "PAGED_CODE_SEG VOID Builtin(VOID) { }\n"  // 6: the ACX idiom, not defined here
       "VOID Plain(VOID) { }\n"},                 // 7
  });
  const Placement& direct = u->fn("Direct");
  EXPECT_EQ(direct.section, "PAGE");
  EXPECT_EQ(direct.how, How::Declspec);
  EXPECT_EQ(direct.file, 1);
  EXPECT_EQ(direct.pos.line, 2u);
  EXPECT_EQ(direct.text, "__declspec(code_seg(\"PAGE\"))");
  EXPECT_EQ(direct.macro, "");
  EXPECT_EQ(direct.macro_file, -1);

  const Placement& via = u->fn("ViaMacro");
  EXPECT_EQ(via.section, "PAGE");
  EXPECT_EQ(via.how, How::Declspec);
  EXPECT_EQ(via.file, 1);
  EXPECT_EQ(via.pos.line, 3u);
  EXPECT_EQ(via.macro, "PAGED_SEG");
  EXPECT_EQ(via.macro_file, 0);
  EXPECT_EQ(via.macro_pos.line, 2u);

  const Placement& alias = u->fn("ViaAlias");
  EXPECT_EQ(alias.section, "PAGE");
  EXPECT_EQ(alias.how, How::Declspec);
  EXPECT_EQ(alias.pos.line, 4u);
  EXPECT_EQ(alias.macro, "MY_PAGED") << "the macro written at the use";
  EXPECT_EQ(alias.macro_file, 0);
  EXPECT_EQ(alias.macro_pos.line, 3u);

  EXPECT_EQ(u->fn("InitFn").section, "INIT");
  EXPECT_EQ(u->fn("InitFn").cls, SectionClass::Init);
  EXPECT_EQ(u->fn("InitFn").macro_pos.line, 4u);

  const Placement& builtin = u->fn("Builtin");
  EXPECT_EQ(builtin.section, "PAGE");
  EXPECT_EQ(builtin.how, How::Declspec);
  EXPECT_EQ(builtin.macro, "PAGED_CODE_SEG");
  EXPECT_EQ(builtin.macro_file, -1) << "its meaning is built in";

  expect_default(u->fn("Plain"));
}

TEST(Link, ClassCodeSegPlacesItsMembers) {
  auto u = link_unit({{"dev.cpp",
                       "class __declspec(code_seg(\"PAGE\")) CDev {\n"
                       "public:\n"
                       "    void Start();\n"
                       "    void Inline() { }\n"
                       "};\n"
                       "void CDev::Start() { }\n"
                       "void Free() { }\n"}});
  EXPECT_EQ(u->fn("CDev::Start").section, "PAGE");
  EXPECT_EQ(u->fn("CDev::Start").how, How::Declspec);
  EXPECT_EQ(u->fn("CDev::Inline").section, "PAGE");
  expect_default(u->fn("Free"));
}

// ---- NDIS and region macros ---------------------------------------------------------------------

TEST(Link, NdisPageableFunctionBuiltinAndDefined) {
  auto u = link_unit({
      {"filter.h", "#define MY_PAGEABLE(f) alloc_text(PAGE, f)\n"},
      {"filter.c",
       "#include \"filter.h\"\n"
       "#pragma NDIS_PAGEABLE_FUNCTION(FilterAttach)\n"  // 2: built in
       "#pragma NDIS_INIT_FUNCTION(DriverEntry)\n"       // 3
       "#pragma MY_PAGEABLE(FilterDetach)\n"             // 4: the unit's own
       "VOID FilterAttach(VOID) { }\n"
       "NTSTATUS DriverEntry(VOID) { return 0; }\n"
       "VOID FilterDetach(VOID) { }\n"},
  });
  const Placement& attach = u->fn("FilterAttach");
  EXPECT_EQ(attach.section, "PAGE");
  EXPECT_EQ(attach.how, How::AllocText);
  EXPECT_EQ(attach.file, 1);
  EXPECT_EQ(attach.pos.line, 2u);
  EXPECT_EQ(attach.text, "#pragma NDIS_PAGEABLE_FUNCTION(FilterAttach)");
  EXPECT_EQ(attach.macro, "NDIS_PAGEABLE_FUNCTION");
  EXPECT_EQ(attach.macro_file, -1);
  EXPECT_EQ(u->fn("DriverEntry").section, "INIT");
  EXPECT_EQ(u->fn("DriverEntry").cls, SectionClass::Init);
  const Placement& detach = u->fn("FilterDetach");
  EXPECT_EQ(detach.section, "PAGE");
  EXPECT_EQ(detach.how, How::AllocText);
  EXPECT_EQ(detach.pos.line, 4u);
  EXPECT_EQ(detach.macro, "MY_PAGEABLE");
  EXPECT_EQ(detach.macro_file, 0);
  EXPECT_EQ(detach.macro_pos.line, 1u);
}

TEST(Link, RegionMacrosThroughPragmaOperator) {
  auto u = link_unit({
      {"private.h",
       "#define PAGED_CODE_SEG_BEGIN __pragma(code_seg(push)) __pragma(code_seg(\"PAGE\"))\n"  // 1
       "#define PAGED_CODE_SEG_END __pragma(code_seg(pop))\n"},                                // 2
      {"queue.cpp",
       "#include \"private.h\"\n"
       "void Before() { }\n"
       "PAGED_CODE_SEG_BEGIN\n"  // 3
       "void InRegion() { }\n"
       "void AlsoInRegion() { }\n"
       "PAGED_CODE_SEG_END\n"
       "void After() { }\n"},
      {"other.c",  // the built-in meaning, with no definition in the file's own text
       "INIT_CODE_SEG_BEGIN\n"
       "NTSTATUS DriverEntry(void) { return 0; }\n"
       "INIT_CODE_SEG_END\n"
       "void Resident(void) { }\n"},
  });
  expect_default(u->fn("Before"));
  const Placement& in = u->fn("InRegion");
  EXPECT_EQ(in.section, "PAGE");
  EXPECT_EQ(in.cls, SectionClass::Pageable);
  EXPECT_EQ(in.how, How::CodeSeg);
  EXPECT_EQ(in.file, 1);
  EXPECT_EQ(in.pos.line, 3u);
  EXPECT_EQ(in.macro, "PAGED_CODE_SEG_BEGIN");
  EXPECT_EQ(in.macro_file, 0);
  EXPECT_EQ(in.macro_pos.line, 1u);
  EXPECT_EQ(u->fn("AlsoInRegion").section, "PAGE");
  expect_default(u->fn("After"));
  EXPECT_EQ(u->fn("DriverEntry").section, "INIT");
  EXPECT_EQ(u->fn("DriverEntry").how, How::CodeSeg);
  EXPECT_EQ(u->fn("DriverEntry").macro, "INIT_CODE_SEG_BEGIN");
  expect_default(u->fn("Resident"));
}

// ---- data ---------------------------------------------------------------------------------------

TEST(Link, DataSegBssSegConstSegAndAllocate) {
  auto u = link_unit({
      {"data.h", "#define PAGED_DATA __declspec(allocate(\"PAGEDATA\"))\n"},
      {"data.c",
       "#include \"data.h\"\n"               // 1
       "#pragma data_seg(\"PAGEDATA\")\n"    // 2
       "int InitData = 1;\n"                 // 3
       "int ZeroData;\n"                     // 4: uninitialized follows bss_seg
       "#pragma data_seg()\n"                // 5
       "#pragma bss_seg(\"PAGEBSS\")\n"      // 6
       "int BssData;\n"                      // 7
       "int BssInit = 2;\n"                  // 8: initialized follows data_seg
       "#pragma bss_seg()\n"                 // 9
       "#pragma const_seg(\"PAGECONST\")\n"  // 10
       "const int ConstData = 3;\n"          // 11
       "#pragma const_seg()\n"               // 12
       "__declspec(allocate(\"PAGEALLOC\")) int Allocated = 4;\n"  // 13
       "PAGED_DATA int ViaMacro = 5;\n"                            // 14
       "int Default1 = 5;\n"
       "int Default2;\n"
       "const int Default3 = 6;\n"
       "extern int Declared;\n"},
  });
  const Placement& init = u->data("InitData");
  EXPECT_EQ(init.section, "PAGEDATA");
  EXPECT_EQ(init.cls, SectionClass::Pageable);
  EXPECT_EQ(init.how, How::DataSeg);
  EXPECT_EQ(init.file, 1);
  EXPECT_EQ(init.pos.line, 2u);
  EXPECT_EQ(init.text, "#pragma data_seg(\"PAGEDATA\")");
  expect_default(u->data("ZeroData"), ".bss");

  const Placement& bss = u->data("BssData");
  EXPECT_EQ(bss.section, "PAGEBSS");
  EXPECT_EQ(bss.how, How::BssSeg);
  EXPECT_EQ(bss.pos.line, 6u);
  expect_default(u->data("BssInit"), ".data");

  const Placement& cnst = u->data("ConstData");
  EXPECT_EQ(cnst.section, "PAGECONST");
  EXPECT_EQ(cnst.how, How::ConstSeg);
  EXPECT_EQ(cnst.pos.line, 10u);

  const Placement& alloc = u->data("Allocated");
  EXPECT_EQ(alloc.section, "PAGEALLOC");
  EXPECT_EQ(alloc.how, How::Allocate);
  EXPECT_EQ(alloc.pos.line, 13u);
  EXPECT_EQ(alloc.text, "__declspec(allocate(\"PAGEALLOC\"))");

  const Placement& via = u->data("ViaMacro");
  EXPECT_EQ(via.section, "PAGEDATA");
  EXPECT_EQ(via.how, How::Allocate);
  EXPECT_EQ(via.pos.line, 14u);
  EXPECT_EQ(via.macro, "PAGED_DATA");
  EXPECT_EQ(via.macro_file, 0);
  EXPECT_EQ(via.macro_pos.line, 1u);

  expect_default(u->data("Default1"), ".data");
  expect_default(u->data("Default2"), ".bss");
  expect_default(u->data("Default3"), ".rdata");
  EXPECT_EQ(u->data("Declared").how, How::Default)
      << "an extern declaration is placed where it is defined";
}

// ---- the Program's tables -----------------------------------------------------------------------

TEST(Link, NameAndMacroTables) {
  auto u = link_unit({
      {"a.h", "#define PAGED_SEG __declspec(code_seg(\"PAGE\"))\n"},
      {"a.c", "VOID Twice(VOID) { }\nVOID Once(VOID) { }\n"},
      {"b.c", "#define PAGED_SEG __declspec(code_seg(\"PAGE2\"))\nVOID Twice(VOID) { }\n"},
  });
  ASSERT_EQ(u->program.by_name.count("Twice"), 1u);
  const auto& twice = u->program.by_name.at("Twice");
  ASSERT_EQ(twice.size(), 2u);
  EXPECT_EQ(twice[0], (FunctionId{1, 0}));
  EXPECT_EQ(twice[1], (FunctionId{2, 0}));
  EXPECT_EQ(u->program.by_name.at("Once").size(), 1u);
  ASSERT_EQ(u->program.macros.count("PAGED_SEG"), 1u);
  EXPECT_EQ(u->program.macros.at("PAGED_SEG").first, 0u) << "the first definition wins";
  EXPECT_EQ(u->program.placement.size(), 3u);
  EXPECT_EQ(u->program.placement[1].size(), 2u);
  EXPECT_EQ(u->program.unit, &u->unit);
}

}  // namespace
}  // namespace pagewise

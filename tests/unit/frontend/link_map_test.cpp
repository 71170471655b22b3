// The MSVC linker map reader: the tables it reads, the sizes it computes (next symbol, group end,
// aliases), undecorated names (x64, x86, C++), and what it does on files that are not maps.
// Every map here is written for the test in the layout `link /MAP` documents.
#include "frontend/link_map.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace pagewise {
namespace {

namespace fs = std::filesystem;

// An x64 WDM driver: resident code in .text (two groups), paged code in PAGE, DriverEntry and a
// helper in INIT followed by the import descriptors the linker merges there, static functions,
// data, imports and an absolute symbol.
const char* const kX64Map =
    " ramdisk\n"
    "\n"
    " Timestamp is 65a1b2c3 (Fri Jan 12 10:00:03 2024)\n"
    "\n"
    " Preferred load address is 0000000140000000\n"
    "\n"
    " Start         Length     Name                   Class\n"
    " 0001:00000000 00000120H .text$mn                CODE\n"
    " 0001:00000120 00000010H .text$mn$00             CODE\n"
    " 0002:00000000 00000040H .idata$5                DATA\n"
    " 0002:00000040 00000080H .rdata                  DATA\n"
    " 0003:00000000 00000020H .data                   DATA\n"
    " 0004:00000000 00000230H PAGE                    CODE\n"
    " 0005:00000000 00000090H INIT                    CODE\n"
    " 0005:00000090 00000028H .idata$2                DATA\n"
    "\n"
    "  Address         Publics by Value              Rva+Base               Lib:Object\n"
    "\n"
    " 0000:00000000       __guard_flags              0000000000000000     <absolute>\n"
    " 0001:00000000       RdReadWrite                0000000140001000 f   dispatch.obj\n"
    " 0001:000000b0       RdDpc                      00000001400010b0 f   dpc.obj\n"
    " 0001:00000120       __security_check_cookie    0000000140001120 f   "
    "BufferOverflowFastFailK:amd64\\secchk.obj\n"
    " 0002:00000000       __imp_IoCreateDevice       0000000140002000     ntoskrnl:ntoskrnl.exe\n"
    " 0002:00000008       __imp_IoDeleteDevice       0000000140002008     ntoskrnl:ntoskrnl.exe\n"
    " 0003:00000000       __security_cookie          0000000140003000     "
    "BufferOverflowFastFailK:gs_cookie.obj\n"
    " 0004:00000000       RdAddDevice                0000000140004000 f   pnp.obj\n"
    " 0004:00000140       RdDispatchPnp              0000000140004140 f   pnp.obj\n"
    " 0005:00000000       DriverEntry                0000000140005000 f   driver.obj\n"
    " 0005:00000090       __IMPORT_DESCRIPTOR_ntoskrnl 0000000140005090     ntoskrnl:ntoskrnl.exe\n"
    "\n"
    " entry point at        0005:00000000\n"
    "\n"
    " Static symbols\n"
    "\n"
    " 0001:00000070       RdpCompleteIrp             0000000140001070 f   dispatch.obj\n"
    " 0004:00000100       RdpQueryCapabilities       0000000140004100 f   pnp.obj\n"
    " 0005:00000060       RdpReadRegistry            0000000140005060 f   driver.obj\n";

const MapFunction* find(const LinkMap& m, std::string_view name) {
  for (const MapFunction& f : m.functions)
    if (f.name == name) return &f;
  return nullptr;
}

LinkMap parse_ok(std::string_view text) {
  LinkMap m;
  std::string error;
  EXPECT_TRUE(parse_link_map(text, m, error)) << error;
  EXPECT_EQ(error, "");
  return m;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// ---- the x64 driver ---------------------------------------------------------------------------

TEST(LinkMap, X64DriverFunctionsSectionsAndSizes) {
  LinkMap m = parse_ok(kX64Map);
  EXPECT_EQ(m.module, "ramdisk");
  EXPECT_FALSE(m.x86);
  EXPECT_TRUE(m.unnamed.empty());
  ASSERT_EQ(m.functions.size(), 9u);

  struct Want {
    const char* name;
    const char* section;
    uint64_t bytes;
    bool is_static;
  };
  const Want want[] = {
      {"RdReadWrite", ".text", 0x70, false},  // to the static RdpCompleteIrp
      {"RdpCompleteIrp", ".text", 0x40, true},
      {"RdDpc", ".text", 0x70, false},  // to the end of .text$mn (where the next group starts)
      {"__security_check_cookie", ".text", 0x10, false},  // the end of .text$mn$00, and the section
      {"RdAddDevice", "PAGE", 0x100, false},
      {"RdpQueryCapabilities", "PAGE", 0x40, true},
      {"RdDispatchPnp", "PAGE", 0xf0, false},  // the last symbol: to the end of PAGE
      {"DriverEntry", "INIT", 0x60, false},
      {"RdpReadRegistry", "INIT", 0x30, true},  // INIT's code ends where its import data starts
  };
  for (const Want& w : want) {
    const MapFunction* f = find(m, w.name);
    ASSERT_NE(f, nullptr) << w.name;
    EXPECT_EQ(f->symbol, w.name);
    EXPECT_EQ(f->section, w.section) << w.name;
    EXPECT_EQ(f->bytes, w.bytes) << w.name;
    EXPECT_EQ(f->is_static, w.is_static) << w.name;
  }
  const MapFunction* cookie = find(m, "__security_check_cookie");
  EXPECT_EQ(cookie->object, "BufferOverflowFastFailK:amd64\\secchk.obj");
  EXPECT_EQ(cookie->section_number, 1u);
  EXPECT_EQ(cookie->offset, 0x120u);
  EXPECT_EQ(find(m, "DriverEntry")->object, "driver.obj");
}

TEST(LinkMap, X64MapOrderIsPublicsThenStatics) {
  LinkMap m = parse_ok(kX64Map);
  ASSERT_EQ(m.functions.size(), 9u);
  EXPECT_EQ(m.functions[0].name, "RdReadWrite");
  EXPECT_EQ(m.functions[5].name, "DriverEntry");
  EXPECT_EQ(m.functions[6].name, "RdpCompleteIrp");
  EXPECT_EQ(m.functions[8].name, "RdpReadRegistry");
}

TEST(LinkMap, DataImportsAndAbsoluteSymbolsAreNotFunctions) {
  LinkMap m = parse_ok(kX64Map);
  for (const char* name : {"__guard_flags", "__imp_IoCreateDevice", "IoCreateDevice",
                           "__security_cookie", "__IMPORT_DESCRIPTOR_ntoskrnl"})
    EXPECT_EQ(find(m, name), nullptr) << name;
}

TEST(LinkMap, CrlfBomAndExtraSpacingReadTheSame) {
  std::string crlf = "\xEF\xBB\xBF" + replace_all(kX64Map, "\n", "\r\n");
  std::string spaced = replace_all(replace_all(kX64Map, "       ", "\t  \t"), " f ", "  f\t ");
  LinkMap want = parse_ok(kX64Map);
  for (const std::string& text : {crlf, spaced}) {
    LinkMap m = parse_ok(text);
    EXPECT_EQ(m.module, "ramdisk");
    ASSERT_EQ(m.functions.size(), want.functions.size());
    for (size_t i = 0; i < m.functions.size(); ++i) {
      EXPECT_EQ(m.functions[i].name, want.functions[i].name);
      EXPECT_EQ(m.functions[i].section, want.functions[i].section);
      EXPECT_EQ(m.functions[i].bytes, want.functions[i].bytes);
      EXPECT_EQ(m.functions[i].object, want.functions[i].object);
    }
  }
}

// ---- sizes ------------------------------------------------------------------------------------

// The next symbol lies beyond the end of the function's group: the group's end bounds it.
TEST(LinkMap, SizeStopsAtTheEndOfItsGroup) {
  LinkMap m = parse_ok(
      " drv\n"
      " Preferred load address is 0000000140000000\n"
      " Start         Length     Name                   Class\n"
      " 0001:00000000 00000100H .text$mn                CODE\n"
      " 0001:00000100 00000200H .text$x                 CODE\n"
      " 0002:00000000 00000300H PAGE                    CODE\n"
      "  Address         Publics by Value              Rva+Base               Lib:Object\n"
      " 0001:00000040       Last                       0000000140001040 f   a.obj\n"
      " 0001:00000280       Handler                    0000000140001280 f   a.obj\n"
      " 0002:00000010       Paged                      0000000140002010 f   a.obj\n"
      " entry point at        0001:00000040\n");
  ASSERT_EQ(m.functions.size(), 3u);
  EXPECT_EQ(find(m, "Last")->bytes, 0xc0u);     // not 0x240: .text$mn ends at 0x100
  EXPECT_EQ(find(m, "Handler")->bytes, 0x80u);  // to the end of .text$x
  EXPECT_EQ(find(m, "Paged")->bytes, 0x2f0u);   // no symbol after it: the group's end
  EXPECT_EQ(find(m, "Handler")->section, ".text");
}

// COMDAT folding: several names for one body. Each gets the size of the body.
TEST(LinkMap, AliasesShareTheSizeToTheNextAddress) {
  LinkMap m = parse_ok(
      " drv\n"
      " Start         Length     Name                   Class\n"
      " 0001:00000000 00000100H .text$mn                CODE\n"
      "  Address         Publics by Value              Rva+Base               Lib:Object\n"
      " 0001:00000000       RdCancelRead               0000000140001000 f i read.obj\n"
      " 0001:00000000       RdCancelWrite              0000000140001000 f i write.obj\n"
      " 0001:00000030       RdStartIo                  0000000140001030 f   io.obj\n"
      " entry point at        0001:00000030\n"
      " Static symbols\n"
      " 0001:00000000       RdpCancel                  0000000140001000 f   io.obj\n");
  ASSERT_EQ(m.functions.size(), 4u);
  EXPECT_EQ(find(m, "RdCancelRead")->bytes, 0x30u);
  EXPECT_EQ(find(m, "RdCancelWrite")->bytes, 0x30u);
  EXPECT_EQ(find(m, "RdpCancel")->bytes, 0x30u);
  EXPECT_EQ(find(m, "RdStartIo")->bytes, 0xd0u);
}

// Data in a code group (a jump table, a string the compiler put there) still ends the function
// before it; an 'f' row in a data group is not code.
TEST(LinkMap, AnySymbolEndsTheOneBeforeIt) {
  LinkMap m = parse_ok(
      " drv\n"
      " Start         Length     Name                   Class\n"
      " 0001:00000000 00000100H .text$mn                CODE\n"
      " 0002:00000000 00000100H .rdata                  DATA\n"
      "  Address         Publics by Value              Rva+Base               Lib:Object\n"
      " 0001:00000000       Dispatch                   0000000140001000 f   a.obj\n"
      " 0001:00000050       DispatchTable              0000000140001050     a.obj\n"
      " 0001:00000080       Other                      0000000140001080 f   a.obj\n"
      " 0002:00000000       NotCode                    0000000140002000 f   a.obj\n");
  ASSERT_EQ(m.functions.size(), 2u);
  EXPECT_EQ(find(m, "Dispatch")->bytes, 0x50u);
  EXPECT_EQ(find(m, "Other")->bytes, 0x80u);
  EXPECT_EQ(find(m, "NotCode"), nullptr);
}

TEST(LinkMap, SectionNamesDropTheGroupSuffix) {
  LinkMap m = parse_ok(
      " drv\n"
      " Start         Length     Name                   Class\n"
      " 0001:00000000 00000100H PAGESRL0                CODE\n"
      " 0002:00000000 00000100H PAGE$lk                 CODE\n"
      " 0003:00000000 00000100H .text$mn                CODE\n"
      "  Address         Publics by Value              Rva+Base               Lib:Object\n"
      " 0001:00000000       Srl                        0000000140001000 f   a.obj\n"
      " 0002:00000000       Lk                         0000000140002000 f   a.obj\n"
      " 0003:00000000       Text                       0000000140003000 f   a.obj\n");
  EXPECT_EQ(find(m, "Srl")->section, "PAGESRL0");
  EXPECT_EQ(find(m, "Lk")->section, "PAGE");
  EXPECT_EQ(find(m, "Text")->section, ".text");
}

// ---- x86 --------------------------------------------------------------------------------------

const char* const kX86Map =
    " ramdisk\n"
    "\n"
    " Timestamp is 65a1b2c3 (Fri Jan 12 10:00:03 2024)\n"
    "\n"
    " Preferred load address is 00010000\n"
    "\n"
    " Start         Length     Name                   Class\n"
    " 0001:00000000 00000200H .text$mn                CODE\n"
    " 0002:00000000 00000100H PAGE                    CODE\n"
    " 0003:00000000 00000010H .idata$5                DATA\n"
    " 0004:00000000 00000080H INIT                    CODE\n"
    "\n"
    "  Address         Publics by Value              Rva+Base     Lib:Object\n"
    "\n"
    " 0000:00000000       ___safe_se_handler_count   00000000     <absolute>\n"
    " 0001:00000000       _RdDpc@16                  00011000 f   dpc.obj\n"
    " 0001:00000080       @RdFastHelper@8            00011080 f   dpc.obj\n"
    " 0001:000000c0       _RdLog                     000110c0 f   log.obj\n"
    " 0001:00000100       @__security_check_cookie@4 00011100 f   BufferOverflowK:secchk.obj\n"
    " 0001:00000140       ?Reset@CQueue@@QAEXXZ      00011140 f   queue.obj\n"
    " 0001:00000180       _IoCreateDevice@28         00011180 f   ntoskrnl:ntoskrnl.exe\n"
    " 0002:00000000       _RdAddDevice@8             00012000 f   pnp.obj\n"
    " 0003:00000000       __imp__IoCreateDevice@28   00013000     ntoskrnl:ntoskrnl.exe\n"
    " 0004:00000000       _DriverEntry@8             00014000 f   driver.obj\n"
    "\n"
    " entry point at        0004:00000000\n"
    "\n"
    " Static symbols\n"
    "\n"
    " 0002:00000060       _RdpStop@4                 00012060 f   pnp.obj\n";

TEST(LinkMap, X86NamesLoseTheirDecoration) {
  LinkMap m = parse_ok(kX86Map);
  EXPECT_TRUE(m.x86);
  EXPECT_TRUE(m.unnamed.empty());
  ASSERT_EQ(m.functions.size(), 8u);
  struct Want {
    const char* name;
    const char* symbol;
    const char* section;
    uint64_t bytes;
  };
  const Want want[] = {
      {"RdDpc", "_RdDpc@16", ".text", 0x80},               // stdcall
      {"RdFastHelper", "@RdFastHelper@8", ".text", 0x40},  // fastcall
      {"RdLog", "_RdLog", ".text", 0x40},                  // cdecl
      {"__security_check_cookie", "@__security_check_cookie@4", ".text", 0x40},
      {"CQueue::Reset", "?Reset@CQueue@@QAEXXZ", ".text", 0x40},  // up to the import thunk
      {"RdAddDevice", "_RdAddDevice@8", "PAGE", 0x60},
      {"RdpStop", "_RdpStop@4", "PAGE", 0xa0},
      {"DriverEntry", "_DriverEntry@8", "INIT", 0x80},
  };
  for (const Want& w : want) {
    const MapFunction* f = find(m, w.name);
    ASSERT_NE(f, nullptr) << w.name;
    EXPECT_EQ(f->symbol, w.symbol);
    EXPECT_EQ(f->section, w.section) << w.name;
    EXPECT_EQ(f->bytes, w.bytes) << w.name;
  }
  // The import thunk (its object is a member of ntoskrnl.lib) is not the driver's function.
  EXPECT_EQ(find(m, "IoCreateDevice"), nullptr);
}

// Without the load-address line the width of the Rva+Base column tells x86 from x64.
TEST(LinkMap, AddressWidthTellsX86WithoutTheLoadAddress) {
  std::string x86 = replace_all(kX86Map, " Preferred load address is 00010000\n", "");
  std::string x64 = replace_all(kX64Map, " Preferred load address is 0000000140000000\n", "");
  EXPECT_TRUE(parse_ok(x86).x86);
  EXPECT_FALSE(parse_ok(x64).x86);
  EXPECT_NE(find(parse_ok(x86), "RdDpc"), nullptr);
}

// An x64 C name is not decorated: a leading underscore is part of it.
TEST(LinkMap, X64KeepsLeadingUnderscores) {
  LinkMap m = parse_ok(
      " drv\n"
      " Preferred load address is 0000000140000000\n"
      " Start         Length     Name                   Class\n"
      " 0001:00000000 00000100H .text$mn                CODE\n"
      "  Address         Publics by Value              Rva+Base               Lib:Object\n"
      " 0001:00000000       _RdInternal                0000000140001000 f   a.obj\n");
  ASSERT_EQ(m.functions.size(), 1u);
  EXPECT_EQ(m.functions[0].name, "_RdInternal");
}

// ---- C++ names --------------------------------------------------------------------------------

TEST(UndecorateSymbol, CppQualifiedNames) {
  struct Case {
    const char* symbol;
    const char* name;
  };
  const Case cases[] = {
      {"?Init@CMiniport@@QEAAJXZ", "CMiniport::Init"},
      {"?Start@CAdapter@Net@@QEAAJPEAU_IRP@@@Z", "Net::CAdapter::Start"},
      {"?RdHelper@@YAJPEAU_DEVICE_OBJECT@@@Z", "RdHelper"},  // a C++ free function
      {"??0CMiniport@@QEAA@XZ", "CMiniport::CMiniport"},
      {"??1CMiniport@@UEAA@XZ", "CMiniport::~CMiniport"},
      {"??0CAdapter@Net@@QEAA@PEAX@Z", "Net::CAdapter::CAdapter"},
      {"??2@YAPEAX_KW4_POOL_TYPE@@K@Z", "operator new"},
      {"??3@YAXPEAX@Z", "operator delete"},
      {"??_U@YAPEAX_KW4_POOL_TYPE@@K@Z", "operator new[]"},
      {"??_V@YAXPEAX@Z", "operator delete[]"},
      {"??4CFoo@@QEAAAEAV0@AEBV0@@Z", "CFoo::operator="},
      {"??8CFoo@@QEBA_NAEBV0@@Z", "CFoo::operator=="},
      {"??RCFoo@@QEAAXXZ", "CFoo::operator()"},
      {"?Get@Foo@1@YAXXZ", "Foo::Foo::Get"},       // a back-reference to an earlier name
      {"?Helper@?A0x1b2c3d4e@@YAXXZ", "Helper"},   // an anonymous namespace has no name to write
      {"?Reset@CQueue@@QAEXXZ", "CQueue::Reset"},  // x86 C++: no underscore added
  };
  for (const Case& c : cases) {
    EXPECT_EQ(undecorate_symbol(c.symbol, false), c.name) << c.symbol;
    EXPECT_EQ(undecorate_symbol(c.symbol, true), c.name) << c.symbol;
  }
}

TEST(UndecorateSymbol, NotUndecorated) {
  for (const char* symbol : {
           "?Push@?$CQueue@H@@QEAAXH@Z",  // a member of a class template
           "??$Max@H@@YAHHH@Z",           // a function template
           "?$Max@H@@YAHHH@Z",            // malformed template
           "??_GCMiniport@@UEAAPEAXI@Z",  // scalar deleting destructor (compiler-generated)
           "??_ECMiniport@@UEAAPEAXI@Z",  // vector deleting destructor
           "??BCFoo@@QEBAHXZ",            // conversion operator: its name needs the type
           "?Get@Foo@5@YAXXZ",            // a back-reference to a name not seen
           "??0@QEAA@XZ",                 // a constructor of no class
           "?Init@CMiniport",             // truncated
       })
    EXPECT_EQ(undecorate_symbol(symbol, false), "") << symbol;
  for (const char* symbol : {"?", "??", "??_", "??_X", "?@", "?@@", "", "@", "@@", "_"})
    EXPECT_EQ(undecorate_symbol(symbol, true), "") << symbol;
}

TEST(UndecorateSymbol, CNames) {
  EXPECT_EQ(undecorate_symbol("DriverEntry", false), "DriverEntry");
  EXPECT_EQ(undecorate_symbol("_DriverEntry@8", true), "DriverEntry");
  EXPECT_EQ(undecorate_symbol("_RdLog", true), "RdLog");
  EXPECT_EQ(undecorate_symbol("@RdFast@8", true), "RdFast");
  EXPECT_EQ(undecorate_symbol("@RdFast@8", false), "RdFast");
  EXPECT_EQ(undecorate_symbol("RdVector@@16", false), "RdVector");
  EXPECT_EQ(undecorate_symbol("_RdLog", false), "_RdLog");
  EXPECT_EQ(undecorate_symbol("RdLog", true), "RdLog");
  EXPECT_EQ(undecorate_symbol("_Foo@x", true), "");
  EXPECT_EQ(undecorate_symbol("@Foo", true), "");
  EXPECT_EQ(undecorate_symbol("Foo@8", false), "");
  EXPECT_EQ(undecorate_symbol("9Foo", false), "");
}

TEST(LinkMap, CppDriverNamesAndUnnamedFunctions) {
  LinkMap m = parse_ok(
      " miniport\n"
      " Preferred load address is 0000000140000000\n"
      " Start         Length     Name                   Class\n"
      " 0001:00000000 00000200H .text$mn                CODE\n"
      " 0002:00000000 00000200H PAGE                    CODE\n"
      "  Address         Publics by Value              Rva+Base               Lib:Object\n"
      " 0001:00000000       ??2@YAPEAX_KW4_POOL_TYPE@@K@Z 0000000140001000 f   new.obj\n"
      " 0001:00000040       ??_GCMiniport@@UEAAPEAXI@Z 0000000140001040 f i miniport.obj\n"
      " 0001:00000080       ?Push@?$CQueue@H@@QEAAXH@Z 0000000140001080 f i queue.obj\n"
      " 0001:000000c0       ?Isr@CMiniport@@SAEPEAU_KINTERRUPT@@PEAX@Z 00000001400010c0 f   "
      "miniport.obj\n"
      " 0002:00000000       ??0CMiniport@@QEAA@XZ      0000000140002000 f   miniport.obj\n"
      " 0002:00000040       ??1CMiniport@@UEAA@XZ      0000000140002040 f   miniport.obj\n"
      " 0002:00000080       ?Init@CMiniport@@QEAAJXZ   0000000140002080 f   miniport.obj\n"
      " entry point at        0002:00000080\n");
  ASSERT_EQ(m.functions.size(), 5u);
  // Up to the unnamed ??_G, which still bounds it.
  EXPECT_EQ(find(m, "operator new")->bytes, 0x40u);
  EXPECT_EQ(find(m, "CMiniport::Isr")->bytes, 0x140u);
  EXPECT_EQ(find(m, "CMiniport::CMiniport")->section, "PAGE");
  EXPECT_EQ(find(m, "CMiniport::~CMiniport")->bytes, 0x40u);
  EXPECT_EQ(find(m, "CMiniport::Init")->bytes, 0x180u);
  ASSERT_EQ(m.unnamed.size(), 2u);
  EXPECT_EQ(m.unnamed[0], "??_GCMiniport@@UEAAPEAXI@Z");
  EXPECT_EQ(m.unnamed[1], "?Push@?$CQueue@H@@QEAAXH@Z");
}

// ---- what is not a map ------------------------------------------------------------------------

TEST(LinkMap, NotAMapIsAnError) {
  const char* const not_maps[] = {
      "",
      "\n\n  \r\n",
      "#include <ntddk.h>\nNTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r);\n",
      // A GNU ld map.
      "Archive member included to satisfy reference by file (symbol)\n\n"
      "Memory Configuration\n\nLinker script and memory map\n\n .text 0x401000 0x1a2c\n",
      // The header of an MSVC map cut before its symbol table.
      " ramdisk\n\n Timestamp is 65a1b2c3 (Fri Jan 12 10:00:03 2024)\n\n"
      " Start         Length     Name                   Class\n"
      " 0001:00000000 00000120H .text$mn                CODE\n",
  };
  for (const char* text : not_maps) {
    LinkMap m;
    m.module = "stale";
    std::string error;
    EXPECT_FALSE(parse_link_map(text, m, error)) << text;
    EXPECT_NE(error.find("not an MSVC linker map"), std::string::npos) << error;
    EXPECT_NE(error.find("Publics by Value"), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos);
    EXPECT_TRUE(m.functions.empty());
  }
}

// A map of a driver with no functions of its own is still a map.
TEST(LinkMap, EmptySymbolTableIsAMap) {
  LinkMap m = parse_ok(
      " drv\n"
      "  Address         Publics by Value              Rva+Base               Lib:Object\n"
      "\n entry point at        0000:00000000\n");
  EXPECT_EQ(m.module, "drv");
  EXPECT_TRUE(m.functions.empty());
}

// A function whose address no group contains has no section: it is left out.
TEST(LinkMap, FunctionOutsideEveryGroupIsLeftOut) {
  LinkMap m = parse_ok(
      " drv\n"
      " Start         Length     Name                   Class\n"
      " 0001:00000000 00000100H .text$mn                CODE\n"
      "  Address         Publics by Value              Rva+Base               Lib:Object\n"
      " 0001:00000100       PastTheEnd                 0000000140001100 f   a.obj\n"
      " 0007:00000000       NoGroup                    0000000140007000 f   a.obj\n"
      " 0001:00000000       Inside                     0000000140001000 f   a.obj\n");
  ASSERT_EQ(m.functions.size(), 1u);
  EXPECT_EQ(m.functions[0].name, "Inside");
  EXPECT_EQ(m.functions[0].bytes, 0x100u);
}

// ---- robustness -------------------------------------------------------------------------------

// Every size must fit in the function's group, whatever the text.
void expect_sane(const LinkMap& m) {
  for (const MapFunction& f : m.functions) {
    EXPECT_FALSE(f.name.empty());
    EXPECT_FALSE(f.section.empty());
    EXPECT_GT(f.bytes, 0u) << f.symbol;
  }
}

TEST(LinkMap, EveryTruncationOfAMapIsSafe) {
  for (const char* map : {kX64Map, kX86Map}) {
    std::string text = map;
    for (size_t n = 0; n <= text.size(); ++n) {
      LinkMap m;
      std::string error;
      if (parse_link_map(std::string_view(text).substr(0, n), m, error))
        expect_sane(m);
      else
        EXPECT_FALSE(error.empty());
    }
  }
}

TEST(LinkMap, HugeAndMalformedNumbers) {
  LinkMap m = parse_ok(
      " drv\n"
      " Start         Length     Name                   Class\n"
      " 0001:fffffffffffffff0 ffffffffffffffffH .text$mn CODE\n"
      " 0002:00000000 123456789abcdef01H .text$big       CODE\n"
      " ffffffff:00000000 00000100H PAGE                CODE\n"
      " 0003:0000zz00 00000100H INIT                    CODE\n"
      " 0004:00000000 00000100\n"
      " 0004:00000000\n"
      "  Address         Publics by Value              Rva+Base               Lib:Object\n"
      " 0001:fffffffffffffff8       Top                ffffffffffffffff f   a.obj\n"
      " 0001:ffffffffffffffff       Last               ffffffffffffffff f   a.obj\n"
      " 0002:00000000       Big                        0000000140002000 f   a.obj\n"
      " ffffffff:00000010   Paged                      0000000140003010 f   a.obj\n"
      " 0003:00000000       Init                       0000000140003000 f   a.obj\n"
      " 0001:1ffffffffffffffff  Wide                   0000000140001000 f   a.obj\n"
      " 0001:00000000       NoRva                      f   a.obj\n"
      " 0001\n"
      " :\n"
      " 0001:\n"
      " :0001\n"
      " 0001:00000000\n"
      " 0001:00000000       Half\n");
  expect_sane(m);
  ASSERT_EQ(m.functions.size(), 2u);
  EXPECT_EQ(find(m, "Top")->bytes, 7u);       // to Last
  EXPECT_EQ(find(m, "Paged")->bytes, 0xf0u);  // section ffffffff is a number like any other
  EXPECT_EQ(find(m, "Last"), nullptr);        // its group ends past 2^64: no size to give
  EXPECT_EQ(find(m, "Big"), nullptr);         // its group's length has 17 digits
  EXPECT_EQ(find(m, "Init"), nullptr);        // its group's start is not hex
  EXPECT_EQ(find(m, "Wide"), nullptr);
  EXPECT_EQ(find(m, "Half"), nullptr);
}

TEST(LinkMap, GarbageNeverCrashes) {
  // A fixed pseudo-random stream of map-like pieces and raw bytes (NUL among them).
  const char* const pieces[] = {" 0001:00000000 ",
                                "00000100H ",
                                ".text$mn ",
                                "CODE",
                                "DATA",
                                "\n",
                                "\r\n",
                                " f ",
                                " i ",
                                "Publics by Value",
                                "Static symbols",
                                " Start Length Name Class\n",
                                "entry point at ",
                                "?Init@CMiniport@@QEAAJXZ ",
                                "??0",
                                "??_",
                                "?$",
                                "@",
                                "@@",
                                "_Foo@8 ",
                                "0000000140001000 ",
                                "ffffffffffffffff",
                                ":",
                                "\t",
                                "\xEF\xBB\xBF",
                                "\xff\xfe",
                                " 0002:0000ffff ",
                                "FIXUPS: 1 2",
                                "Exports",
                                "<absolute>",
                                "0",
                                "1",
                                "9"};
  constexpr size_t kPieces = sizeof pieces / sizeof pieces[0];
  uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&state]() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state >> 33);
  };
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    size_t length = next() % 200;
    for (size_t k = 0; k < length; ++k) {
      if (next() % 4 == 0)
        text += static_cast<char>(next() & 0xff);
      else
        text += pieces[next() % kPieces];
    }
    LinkMap m;
    std::string error;
    if (parse_link_map(text, m, error))
      expect_sane(m);
    else
      EXPECT_FALSE(error.empty());
  }
}

// ---- read_link_map ----------------------------------------------------------------------------

class LinkMapFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "pw-linkmap-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  std::string write(const std::string& name, std::string_view bytes) {
    std::string path = (fs::path(dir_) / name).string();
    std::ofstream(path, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path;
  }
  std::string dir_;
};

TEST_F(LinkMapFile, ReadsAMap) {
  std::string path = write("ramdisk.map", replace_all(kX64Map, "\n", "\r\n"));
  LinkMap m;
  std::string error;
  ASSERT_TRUE(read_link_map(path, m, error)) << error;
  EXPECT_EQ(m.module, "ramdisk");
  EXPECT_EQ(m.functions.size(), 9u);
}

// A map saved as UTF-16 (an editor's "Save as Unicode") is decoded like a source file.
TEST_F(LinkMapFile, ReadsAUtf16Map) {
  std::string wide = "\xFF\xFE";
  for (char c : replace_all(kX64Map, "\n", "\r\n")) {
    wide += c;
    wide += '\0';
  }
  LinkMap m;
  std::string error;
  ASSERT_TRUE(read_link_map(write("wide.map", wide), m, error)) << error;
  EXPECT_EQ(m.module, "ramdisk");
  EXPECT_EQ(m.functions.size(), 9u);
}

TEST_F(LinkMapFile, ProblemsNameThePath) {
  struct Case {
    std::string path;
    const char* says;
  };
  const Case cases[] = {
      {(fs::path(dir_) / "missing.map").string(), "cannot be read"},
      {dir_, "not a regular file"},
      {write("empty.map", ""), "is empty"},
      {write("blank.map", "\r\n \r\n"), "is empty"},
      {write("driver.sys", std::string_view("MZ\x90\0\x03\0\0\0", 8)), "binary"},
      {write("utf16.map", std::string_view("\xff\xfe \0d\0r\0v", 9)), "UTF-16 text of an odd"},
      {write("notes.txt", "Build notes\nnothing to see\n"), "not an MSVC linker map"},
  };
  for (const Case& c : cases) {
    LinkMap m;
    std::string error;
    EXPECT_FALSE(read_link_map(c.path, m, error)) << c.path;
    EXPECT_EQ(error.rfind(c.path + ": ", 0), 0u) << error;
    EXPECT_NE(error.find(c.says), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
}

}  // namespace
}  // namespace pagewise

// The advisor's command-line surface through the real binary: --no-advice, --sizes with a linker
// map written in the documented MSVC format, its errors, and `sections --summary`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "run_pagewise.hpp"

namespace pagewise {
namespace {

using testing::describe;
using testing::has;
using testing::run_pagewise;
using testing::RunResult;
using testing::Scratch;

// DrvCreate runs at PASSIVE_LEVEL (IRP_MJ_CREATE) but is resident; DrvUnload is the one PAGE
// function.
std::string driver() {
  std::string s =
      "DRIVER_INITIALIZE DriverEntry;\nDRIVER_UNLOAD DrvUnload;\nDRIVER_DISPATCH DrvCreate;\n"
      "#pragma alloc_text(INIT, DriverEntry)\n#pragma alloc_text(PAGE, DrvUnload)\n"
      "VOID DrvUnload(PDRIVER_OBJECT DriverObject)\n{\n    PAGED_CODE();\n"
      "    IoDeleteDevice(DriverObject->DeviceObject);\n}\n"
      "NTSTATUS DrvCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)\n{\n";
  for (int i = 0; i < 10; ++i)
    s += "    DbgPrint(\"DrvCreate: step " + std::to_string(i) +
         " %p %p\\n\", DeviceObject, Irp);\n";
  s += "    IoCompleteRequest(Irp, IO_NO_INCREMENT);\n    return STATUS_SUCCESS;\n}\n"
       "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n"
       "    DriverObject->MajorFunction[IRP_MJ_CREATE] = DrvCreate;\n"
       "    DriverObject->DriverUnload = DrvUnload;\n    return STATUS_SUCCESS;\n}\n";
  return s;
}

// An x64 map of that driver: .text holds DrvCreate (0x1a40 bytes up to the group's end), PAGE
// holds DrvUnload (0x1100 bytes), INIT DriverEntry.
constexpr const char* kMap =
    " drv\r\n"
    "\r\n"
    " Timestamp is 65a1b2c3 (Fri Jan 12 10:00:00 2024)\r\n"
    "\r\n"
    " Preferred load address is 0000000140000000\r\n"
    "\r\n"
    " Start         Length     Name                   Class\r\n"
    " 0001:00000000 00001a40H .text$mn                CODE\r\n"
    " 0002:00000000 00001100H PAGE                    CODE\r\n"
    " 0003:00000000 00000200H INIT                    CODE\r\n"
    "\r\n"
    "  Address         Publics by Value              Rva+Base               Lib:Object\r\n"
    "\r\n"
    " 0001:00000000       DrvCreate                  0000000140001000 f   driver.obj\r\n"
    " 0002:00000000       DrvUnload                  0000000140003000 f   driver.obj\r\n"
    " 0003:00000000       DriverEntry                0000000140005000 f   driver.obj\r\n"
    "\r\n"
    " entry point at        0003:00000000\r\n"
    "\r\n"
    " Static symbols\r\n"
    "\r\n";

TEST(AdviceCli, NotesByDefaultAndNoAdviceLeavesThemOut) {
  Scratch s;
  s.write("drv/driver.c", driver());
  RunResult with = run_pagewise({"check", s.path("drv")});
  EXPECT_EQ(with.status, 0) << with.err;  // notes do not fail the default --fail-on warning
  EXPECT_TRUE(has(with.out, "[advice/could-be-paged]")) << with.out;
  EXPECT_TRUE(has(with.out, "[advice/small-paged-section]")) << with.out;
  RunResult without = run_pagewise({"check", "--no-advice", s.path("drv")});
  EXPECT_EQ(without.status, 0);
  EXPECT_FALSE(has(without.out, "advice/")) << without.out;
  RunResult fail = run_pagewise({"check", "--fail-on", "note", s.path("drv")});
  EXPECT_EQ(fail.status, 1);
}

TEST(AdviceCli, SizesFromALinkerMap) {
  Scratch s;
  s.write("drv/driver.c", driver());
  std::string map = s.write("drv.map", kMap);
  RunResult r = run_pagewise({"check", "--sizes", map, s.path("drv")});
  EXPECT_EQ(r.status, 0) << r.err;
  // Exact sizes print without '~'; 0x1a40 = 6,720 bytes = 6.6 KB.
  EXPECT_TRUE(has(r.out, "page it to save 6.6 KB of nonpaged code")) << r.out;
  // PAGE is 0x1100 = 4,352 bytes: worth paging, no small-section note.
  EXPECT_FALSE(has(r.out, "advice/small-paged-section")) << r.out;

  RunResult sum =
      run_pagewise({"sections", "--summary", "--format", "json", "--sizes", map, s.path("drv")});
  ASSERT_EQ(sum.status, 0) << sum.err;
  nlohmann::json j = nlohmann::json::parse(sum.out);
  ASSERT_EQ(j["units"].size(), 1u);
  const nlohmann::json& u = j["units"][0];
  EXPECT_EQ(u["functions"], 3);
  EXPECT_EQ(u["functions_sized_by_map"], 3);
  EXPECT_EQ(u["now"]["resident"], 0x1a40);
  EXPECT_EQ(u["now"]["pageable"], 0x1100);
  EXPECT_EQ(u["now"]["init"], 0x200);
  EXPECT_EQ(u["after_advice"]["resident"], 0);
  EXPECT_EQ(u["after_advice"]["pageable"], 0x1100 + 0x1a40);
}

TEST(AdviceCli, UnusableMapIsAnError) {
  Scratch s;
  s.write("drv/driver.c", driver());
  RunResult missing = run_pagewise({"check", "--sizes", s.path("nope.map"), s.path("drv")});
  EXPECT_EQ(missing.status, 2);
  EXPECT_TRUE(has(missing.err, "nope.map")) << missing.err;
  std::string not_a_map = s.write("notes.txt", "just some text\nwith lines\n");
  RunResult bad = run_pagewise({"check", "--sizes", not_a_map, s.path("drv")});
  EXPECT_EQ(bad.status, 2);
  EXPECT_TRUE(has(bad.err, "notes.txt")) << bad.err;
  EXPECT_TRUE(bad.out.empty()) << bad.out;
}

TEST(AdviceCli, SectionsSummaryText) {
  Scratch s;
  s.write("drv/driver.c", driver());
  RunResult r = run_pagewise({"sections", "--summary", s.path("drv")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "3 functions; sizes estimated")) << r.out;
  EXPECT_TRUE(has(r.out, "after advice")) << r.out;
  for (const char* row : {"resident", "pageable", "INIT", ".text", "PAGE"})
    EXPECT_TRUE(has(r.out, row)) << row;
}

}  // namespace
}  // namespace pagewise

// The advisor end to end: small drivers written to a temporary folder and analysed with
// run_analysis as `pagewise check` would. The fixtures (tests/fixtures/advice/) pin which lines get
// which note; these tests pin what the notes say (the edit in the file's own style, the sizes),
// the summary's arithmetic, exact sizes from a linker map, and --no-advice.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/pipeline.hpp"

namespace pagewise {
namespace {

namespace fs = std::filesystem;

class Driver {
 public:
  Driver(const std::string& source, const std::string& name = "driver.c", bool advice = true,
         const ExactSizes* exact = nullptr) {
    std::string tmpl = (fs::temp_directory_path() / "pw-advice-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) return;
    root_ = tmpl;
    std::ofstream(root_ / name, std::ios::binary) << source;
    AnalysisOptions opts;
    opts.inputs = {root_.string()};
    opts.threads = 1;
    opts.advice = advice;
    opts.exact_sizes = exact;
    analysis_ = run_analysis(opts);
  }
  ~Driver() {
    std::error_code ec;
    if (!root_.empty()) fs::remove_all(root_, ec);
  }
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  const Analysis& analysis() const { return analysis_; }
  std::vector<const Finding*> of(const std::string& rule) const {
    std::vector<const Finding*> out;
    for (const Finding& f : analysis_.findings)
      if (f.rule_id == rule) out.push_back(&f);
    return out;
  }

 private:
  fs::path root_;
  Analysis analysis_;
};

// A dispatch routine big enough to be worth paging, registered for IRP_MJ_CREATE.
std::string create_routine(const std::string& name) {
  std::string s = "NTSTATUS " + name + "(PDEVICE_OBJECT DeviceObject, PIRP Irp)\n{\n";
  for (int i = 0; i < 10; ++i)
    s += "    DbgPrint(\"" + name + ": step " + std::to_string(i) +
         " %p %p\\n\", DeviceObject, Irp);\n";
  s += "    Irp->IoStatus.Status = STATUS_SUCCESS;\n    IoCompleteRequest(Irp, IO_NO_INCREMENT);\n"
       "    return STATUS_SUCCESS;\n}\n";
  return s;
}

const std::string kEntry =
    "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n"
    "    UNREFERENCED_PARAMETER(RegistryPath);\n"
    "    DriverObject->MajorFunction[IRP_MJ_CREATE] = DrvCreate;\n"
    "    DriverObject->DriverUnload = DrvUnload;\n"
    "    return STATUS_SUCCESS;\n}\n";

const std::string kUnload =
    "VOID DrvUnload(PDRIVER_OBJECT DriverObject)\n{\n    PAGED_CODE();\n"
    "    IoDeleteDevice(DriverObject->DeviceObject);\n}\n";

TEST(Advice, AllocTextStyleNamesTheExistingPragma) {
  Driver d(
      "DRIVER_INITIALIZE DriverEntry;\nDRIVER_UNLOAD DrvUnload;\nDRIVER_DISPATCH DrvCreate;\n"
      "#pragma alloc_text(INIT, DriverEntry)\n#pragma alloc_text(PAGE, DrvUnload)\n" +
      kUnload + create_routine("DrvCreate") + kEntry);
  auto notes = d.of("advice/could-be-paged");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0]->function, "DrvCreate");
  EXPECT_EQ(notes[0]->severity, Severity::Note);
  EXPECT_NE(notes[0]->message.find(
                "add `#pragma alloc_text(PAGE, DrvCreate)` after its declaration, as at"),
            std::string::npos)
      << notes[0]->message;
  EXPECT_NE(notes[0]->message.find("driver.c:5"), std::string::npos) << notes[0]->message;
  EXPECT_NE(notes[0]->message.find("`PAGED_CODE();` as its first statement"), std::string::npos);
  ASSERT_FALSE(notes[0]->evidence.empty());
  EXPECT_NE(notes[0]->evidence.back().message.find("IRP_MJ_CREATE"), std::string::npos);
}

TEST(Advice, CodeSegRegionStyle) {
  Driver d(
      "DRIVER_INITIALIZE DriverEntry;\nDRIVER_UNLOAD DrvUnload;\nDRIVER_DISPATCH DrvCreate;\n"
      "#pragma code_seg(\"PAGE\")\n" +
      kUnload + "#pragma code_seg()\n" + create_routine("DrvCreate") + kEntry);
  auto notes = d.of("advice/could-be-paged");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0]->message.find(
                "define it between `#pragma code_seg(\"PAGE\")` and `#pragma code_seg()`"),
            std::string::npos)
      << notes[0]->message;
}

TEST(Advice, NdisPragmaStyle) {
  Driver d(
      "DRIVER_INITIALIZE DriverEntry;\nDRIVER_UNLOAD DrvUnload;\nDRIVER_DISPATCH DrvCreate;\n"
      "#pragma NDIS_PAGEABLE_FUNCTION(DrvUnload)\n" +
      kUnload + create_routine("DrvCreate") + kEntry);
  auto notes = d.of("advice/could-be-paged");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0]->message.find("add `#pragma NDIS_PAGEABLE_FUNCTION(DrvCreate)`"),
            std::string::npos)
      << notes[0]->message;
}

TEST(Advice, NoStyleInCppUsesDeclspec) {
  Driver d(
      "DRIVER_INITIALIZE DriverEntry;\nDRIVER_UNLOAD DrvUnload;\nDRIVER_DISPATCH DrvCreate;\n" +
          kUnload + create_routine("DrvCreate") + kEntry,
      "driver.cpp");
  auto notes = d.of("advice/could-be-paged");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0]->message.find("add `__declspec(code_seg(\"PAGE\"))` before its definition"),
            std::string::npos)
      << notes[0]->message;
}

TEST(Advice, SummaryMovesTheAdvisedBytes) {
  Driver d(
      "DRIVER_INITIALIZE DriverEntry;\nDRIVER_UNLOAD DrvUnload;\nDRIVER_DISPATCH DrvCreate;\n"
      "#pragma alloc_text(INIT, DriverEntry)\n#pragma alloc_text(PAGE, DrvUnload)\n" +
      kUnload + create_routine("DrvCreate") + kEntry);
  ASSERT_EQ(d.analysis().models.size(), 1u);
  const Model& m = d.analysis().models[0];
  const UnitSizes& s = m.advice.summary;
  uint64_t moved = 0;
  for (const PagingAdvice& a : m.advice.items)
    if (a.kind == PagingAdvice::Kind::CouldBePaged) moved += a.bytes;
  ASSERT_GT(moved, 0u);
  EXPECT_EQ(s.resident_now - s.resident_after, moved);
  EXPECT_EQ(s.pageable_after - s.pageable_now, moved);
  EXPECT_EQ(s.init_now, s.init_after);
  EXPECT_EQ(s.functions, 3u);
  EXPECT_EQ(s.functions_from_map, 0u);
  uint64_t sum = 0;
  for (const SectionSize& r : s.sections) sum += r.bytes_now;
  EXPECT_EQ(sum, s.resident_now + s.pageable_now + s.init_now);
  // The small PAGE section is reported, and knows what the move would bring it to.
  auto small = d.of("advice/small-paged-section");
  ASSERT_EQ(small.size(), 1u);
  EXPECT_NE(small[0]->message.find("with the other advice notes it would still hold only"),
            std::string::npos)
      << small[0]->message;
}

TEST(Advice, ExactSizesFromAMapReplaceEstimates) {
  ExactSizes exact{{"DrvCreate", 5000}, {"DrvUnload", 4200}};
  Driver d(
      "DRIVER_INITIALIZE DriverEntry;\nDRIVER_UNLOAD DrvUnload;\nDRIVER_DISPATCH DrvCreate;\n"
      "#pragma alloc_text(INIT, DriverEntry)\n#pragma alloc_text(PAGE, DrvUnload)\n" +
          kUnload + create_routine("DrvCreate") + kEntry,
      "driver.c", true, &exact);
  auto notes = d.of("advice/could-be-paged");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0]->message.find("save 4.9 KB of nonpaged code"), std::string::npos)
      << notes[0]->message;
  // 4,200 bytes of PAGE is worth paging: no small-section note.
  EXPECT_TRUE(d.of("advice/small-paged-section").empty());
  const UnitSizes& s = d.analysis().models[0].advice.summary;
  EXPECT_EQ(s.functions_from_map, 2u);
  EXPECT_EQ(s.pageable_now, 4200u);
}

// A method defined in its class body is named "CDev::Start" by extract already: the map's entry
// for it must be found under that name (it was looked up as "CDev::CDev::Start").
TEST(Advice, ExactSizesReachMethodsDefinedInTheClass) {
  ExactSizes exact{{"CDev::Start", 3000}, {"CDev::Stop", 1000}};
  Driver d(
      "class CDev {\npublic:\n    NTSTATUS Start(ULONG x) { return x; }\n"
      "    NTSTATUS Stop(ULONG x);\n};\n"
      "NTSTATUS CDev::Stop(ULONG x) { return x; }\n",
      "driver.cpp", true, &exact);
  const Model& m = d.analysis().models[0];
  const Program& p = m.program;
  ASSERT_EQ(p.files.size(), 1u);
  ASSERT_EQ(p.files[0]->functions.size(), 2u);
  for (uint32_t i = 0; i < 2; ++i) {
    const FunctionSize& s = m.advice.sizes[0][i];
    EXPECT_TRUE(s.from_map) << p.files[0]->functions[i].name;
    EXPECT_EQ(s.bytes, exact.at(p.files[0]->functions[i].name));
  }
}

TEST(Advice, NoAdviceLeavesTheNotesOut) {
  Driver d(
      "DRIVER_INITIALIZE DriverEntry;\nDRIVER_UNLOAD DrvUnload;\nDRIVER_DISPATCH DrvCreate;\n"
      "#pragma alloc_text(INIT, DriverEntry)\n#pragma alloc_text(PAGE, DrvUnload)\n" +
          kUnload + create_routine("DrvCreate") + kEntry,
      "driver.c", false);
  for (const Finding& f : d.analysis().findings)
    EXPECT_NE(f.rule_id.rfind("advice/", 0), 0u) << f.rule_id;
  // The plan is still there for `sections --summary`.
  EXPECT_FALSE(d.analysis().models[0].advice.items.empty());
}

TEST(Advice, LockRegionSpansAcquireToLastRelease) {
  Driver d(
      "VOID F(PKSPIN_LOCK Lock, PULONG Value)\n{\n    KIRQL old;\n"
      "    KeAcquireSpinLock(Lock, &old);\n"  // line 4
      "    if (*Value) {\n        KeReleaseSpinLock(Lock, old);\n        return;\n    }\n"
      "    *Value = 1;\n"
      "    KeReleaseSpinLock(Lock, old);\n"  // line 10
      "}\n");
  const Model& m = d.analysis().models[0];
  const FunctionInference& inf = m.inferred[0][0];
  ASSERT_EQ(inf.regions.size(), 1u);
  EXPECT_EQ(inf.regions[0].start.line, 4u);
  EXPECT_EQ(inf.regions[0].end.line, 10u);
  EXPECT_TRUE(inf.regions[0].closed);
  EXPECT_FALSE(inf.regions[0].wait);
}

TEST(Advice, LockRegionLeftOpenIsNotClosed) {
  Driver d(
      "VOID F(PKSPIN_LOCK Lock, PULONG Value, PKIRQL Old)\n{\n"
      "    KeAcquireSpinLock(Lock, Old);\n    if (*Value) {\n        KeReleaseSpinLock(Lock, "
      "*Old);\n"
      "    }\n}\n");
  const FunctionInference& inf = d.analysis().models[0].inferred[0][0];
  ASSERT_EQ(inf.regions.size(), 1u);
  EXPECT_FALSE(inf.regions[0].closed);
}

}  // namespace
}  // namespace pagewise

// field_path: which of the driver's structure fields an access names, run on a driver analysed as
// `pagewise check` would.
#include "analysis/field_path.hpp"

#include <gtest/gtest.h>

#include "analysed_driver.hpp"

namespace pagewise {
namespace {

constexpr const char* kDriver = R"(
typedef struct _EVENT_LOG { PUCHAR Buffer; ULONG Next; } EVENT_LOG, *PEVENT_LOG;
typedef struct _SAMPLE_RING { PUCHAR Buffer; ULONG Head; } SAMPLE_RING, *PSAMPLE_RING;
typedef struct _TRACE_EXTENSION { EVENT_LOG Log; SAMPLE_RING Ring; PVOID Config; } TRACE_EXTENSION;
EVENT_LOG g_Log;
VOID Use(PTRACE_EXTENSION ext, PIRP Irp, PVOID p) {
  EVENT_LOG local;
  UNREFERENCED_PARAMETER(local);
}
)";

TEST(FieldPaths, KeysNameTheStructureAndTheFieldPath) {
  testing::Driver d(kDriver);
  ASSERT_EQ(d.analysis().models.size(), 1u);
  const Program& p = d.analysis().models[0].program;
  FieldPaths paths(p);
  const Function& fn = p.function(p.by_name.at("Use")[0]);
  // The first field is declared by one structure only: that structure.
  EXPECT_EQ(paths.key("ext->Log.Buffer", fn), "_TRACE_EXTENSION::Log.Buffer");
  EXPECT_EQ(paths.key("ext->Ring.Buffer", fn), "_TRACE_EXTENSION::Ring.Buffer");
  EXPECT_EQ(paths.key("ext->Config", fn), "_TRACE_EXTENSION::Config");
  EXPECT_EQ(paths.key("ext->Log.Buffer[3]", fn), "_TRACE_EXTENSION::Log.Buffer");
  // Buffer is declared by two structures: the root's type decides (a local, a global, a cast).
  EXPECT_EQ(paths.key("local.Buffer", fn), "_EVENT_LOG::Buffer");
  EXPECT_EQ(paths.key("g_Log.Buffer", fn), "_EVENT_LOG::Buffer");
  EXPECT_EQ(paths.key("((SAMPLE_RING*)p)->Buffer", fn), "_SAMPLE_RING::Buffer");
  EXPECT_EQ(paths.key("p->Buffer", fn), "");
  // Fields of structures the driver does not declare: no key.
  EXPECT_EQ(paths.key("Irp->IoStatus.Information", fn), "");
  EXPECT_EQ(paths.key("Irp->UserBuffer", fn), "");
}

}  // namespace
}  // namespace pagewise

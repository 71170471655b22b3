// The files that describe a driver rather than run in it (headers, the .vcxproj), and the
// assembly of a whole driver.
#include <algorithm>

#include "gen/files.hpp"
#include "gen/function.hpp"
#include "gen/vocabulary.hpp"

namespace pwgen {

std::string driver_header(const Driver& d, Rng& rng) {
  Code c;
  std::string name = lower(d.prefix) + ".h";
  banner(c, name, cat("Shared definitions of the ", d.title, " driver."));
  c.line("#pragma once");
  c.blank();
  c.line(d.fw == Framework::Kmdf ? "#include <ntddk.h>"
                                 : (rng.chance(50) ? "#include <ntddk.h>" : "#include <wdm.h>"));
  if (d.fw == Framework::Kmdf) c.line("#include <wdf.h>");
  if (d.wpp) c.line("#include \"trace.h\"");
  c.blank();
  c.line("//");
  c.line("// Section placement: in front of one function.");
  c.line("//");
  c.line(cat("#define ", d.paged_macro, " __declspec(code_seg(\"PAGE\"))"));
  c.line(cat("#define ", d.init_macro, " __declspec(code_seg(\"INIT\"))"));
  c.blank();
  std::string tag = d.prefix.substr(0, 4);
  while (tag.size() < 4) tag += 'x';
  std::reverse(tag.begin(), tag.end());
  c.line(cat("#define ", d.pool_tag, " '", tag, "'"));
  for (const Buffer& b : d.buffers) c.line(cat("#define ", b.size_macro, " ", b.size));
  c.blank();
  unsigned code = 0x800;
  for (const std::string& io : d.ioctls)
    c.line(cat("#define ", io, " CTL_CODE(FILE_DEVICE_UNKNOWN, ", hex(code++),
               ", METHOD_BUFFERED, FILE_ANY_ACCESS)"));
  c.blank();
  if (d.fw == Framework::Kmdf) {
    c.line(cat("DEFINE_GUID(GUID_DEVINTERFACE_", d.up, ","));
    c.line(cat("    ", hex(static_cast<unsigned>(rng.next())), ", ",
               hex(static_cast<unsigned>(rng.below(65536))), ", ",
               hex(static_cast<unsigned>(rng.below(65536))),
               ", 0x8b, 0xca, 0xd5, 0xa0, 0xdd, 0xf9, 0x6d, 0x06);"));
    c.blank();
  }
  c.line("typedef enum _" + d.state_type + " {");
  c.in();
  for (size_t i = 0; i < d.states.size(); ++i) c.line(cat(d.states[i], i == 0 ? " = 0" : "", ","));
  c.out();
  c.line(cat("} ", d.state_type, ";"));
  c.blank();
  c.line(cat("typedef struct _", d.entry_type, " {"));
  c.in();
  c.line("LIST_ENTRY Link;");
  c.line("ULONG Id;");
  c.line("ULONG Length;");
  c.line(d.fw == Framework::Kmdf ? "WDFREQUEST Request;" : "PIRP Irp;");
  c.out();
  c.line(cat("} ", d.entry_type, ", *", d.entry_ptr, ";"));
  c.blank();
  c.line(cat("typedef struct _", d.ctx_type, " {"));
  c.in();
  if (d.fw == Framework::Kmdf) {
    c.line("WDFDEVICE Device;");
    c.line("WDFQUEUE DefaultQueue;");
    c.line("WDFQUEUE PendingQueue;");
    c.line("WDFINTERRUPT Interrupt;");
    c.line(cat("WDFSPINLOCK ", d.wdflock, ";"));
  } else {
    c.line("PDEVICE_OBJECT Self;");
    c.line("PDEVICE_OBJECT LowerDevice;");
  }
  c.line("PVOID Registers;");
  c.line("SIZE_T RegistersLength;");
  c.blank();
  c.line("//");
  c.line(cat("// ", d.lock, " protects ", d.list, " and the counters below."));
  c.line("//");
  c.line(cat("KSPIN_LOCK ", d.lock, ";"));
  c.line(cat("KSPIN_LOCK ", d.qlock, ";"));
  c.line(cat("LIST_ENTRY ", d.list, ";"));
  c.line(cat("KDPC ", d.dpc, ";"));
  c.line(cat("KTIMER ", d.timer, ";"));
  c.line(cat("KEVENT ", d.event, ";"));
  c.line(cat(d.state_type, " ", d.state, ";"));
  c.line(cat("NTSTATUS ", d.last_status, ";"));
  for (const std::string& f : d.counters) c.line(cat("LONG ", f, ";"));
  for (const std::string& f : d.flags) c.line(cat("BOOLEAN ", f, ";"));
  for (const Buffer& b : d.buffers) c.line(cat("UCHAR ", b.name, "[", b.size_macro, "];"));
  c.out();
  c.line(cat("} ", d.ctx_type, ", *", d.ctx_ptr, ";"));
  c.blank();
  if (d.fw == Framework::Kmdf) {
    c.line(cat("WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(", d.ctx_type, ", ", d.ctx_getter, ")"));
    c.blank();
  }
  for (const std::string& decl : d.decls) {
    std::string_view t = decl;
    // Declarations are stored with their own newlines; the writer counts them as lines.
    size_t start = 0;
    while (start < t.size()) {
      size_t nl = t.find('\n', start);
      if (nl == std::string_view::npos) nl = t.size();
      c.flush_left(t.substr(start, nl - start));
      start = nl + 1;
    }
    c.blank();
  }
  return c.text();
}

std::string objects_header(const Driver& d) {
  Code c;
  banner(c, lower(d.prefix) + "objects.h", "C++ objects of the driver.");
  c.line("#pragma once");
  c.blank();
  std::string text = c.text();
  for (const std::string& cls : d.class_decls) text += cls;
  return text;
}

std::string trace_header(const Driver& d, Rng& rng) {
  Code c;
  banner(c, "trace.h", "WPP tracing definitions.");
  c.line("#pragma once");
  c.blank();
  c.line("#define WPP_CONTROL_GUIDS \\");
  c.line(cat("    WPP_DEFINE_CONTROL_GUID(", d.title, "TraceGuid, (",
             hex(static_cast<unsigned>(rng.next())),
             ", 0x1234, 0x5678, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78), \\"));
  c.line("        WPP_DEFINE_BIT(MYDRIVER_ALL_INFO) \\");
  for (std::string_view n : kNouns) c.line(cat("        WPP_DEFINE_BIT(TRACE_", upper(n), ") \\"));
  c.line("        )");
  c.blank();
  c.line("#define WPP_FLAG_LEVEL_LOGGER(flag, level) WPP_LEVEL_LOGGER(flag)");
  c.line(
      "#define WPP_FLAG_LEVEL_ENABLED(flag, level) (WPP_LEVEL_ENABLED(flag) && "
      "WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)");
  c.blank();
  c.line("// begin_wpp config");
  c.line("// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);");
  c.line("// end_wpp");
  return c.text();
}

std::string vcxproj(const Driver& d, Rng& rng) {
  Code c;
  c.line("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
  c.line(
      "<Project DefaultTargets=\"Build\" ToolsVersion=\"12.0\" "
      "xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">");
  c.line("  <ItemGroup Label=\"ProjectConfigurations\">");
  for (std::string_view cfg : {"Debug", "Release"})
    for (std::string_view plat : {"x64", "ARM64"}) {
      c.line(cat("    <ProjectConfiguration Include=\"", cfg, "|", plat, "\">"));
      c.line(cat("      <Configuration>", cfg, "</Configuration>"));
      c.line(cat("      <Platform>", plat, "</Platform>"));
      c.line("    </ProjectConfiguration>");
    }
  c.line("  </ItemGroup>");
  c.line("  <PropertyGroup Label=\"Globals\">");
  c.line(cat("    <ProjectGuid>{", hex(static_cast<unsigned>(rng.next())).substr(2),
             "-C0DF-4CBE-9DBE-", hex(static_cast<unsigned>(rng.next())).substr(2),
             "}</ProjectGuid>"));
  c.line(cat("    <RootNamespace>", d.title, "</RootNamespace>"));
  c.line("  </PropertyGroup>");
  c.line("  <Import Project=\"$(VCTargetsPath)\\Microsoft.Cpp.Default.props\" />");
  c.line("  <PropertyGroup Label=\"Configuration\">");
  c.line("    <TargetVersion>Windows10</TargetVersion>");
  c.line("    <PlatformToolset>WindowsKernelModeDriver10.0</PlatformToolset>");
  c.line("    <ConfigurationType>Driver</ConfigurationType>");
  c.line(cat("    <DriverType>", d.fw == Framework::Kmdf ? "KMDF" : "WDM", "</DriverType>"));
  if (d.fw == Framework::Kmdf) {
    c.line("    <KMDF_VERSION_MAJOR>1</KMDF_VERSION_MAJOR>");
    c.line(cat("    <KMDF_VERSION_MINOR>", rng.range(15, 33), "</KMDF_VERSION_MINOR>"));
  }
  c.line("  </PropertyGroup>");
  c.line("  <Import Project=\"$(VCTargetsPath)\\Microsoft.Cpp.props\" />");
  c.line("  <ItemDefinitionGroup>");
  c.line("    <ClCompile>");
  c.line("      <WarningLevel>Level4</WarningLevel>");
  if (d.wpp) {
    c.line("      <WppEnabled>true</WppEnabled>");
    c.line("      <WppScanConfigurationData>trace.h</WppScanConfigurationData>");
  }
  c.line("    </ClCompile>");
  c.line("  </ItemDefinitionGroup>");
  c.line("  <ItemGroup>");
  for (const OutFile& f : d.files)
    if (f.name.ends_with(".c") || f.name.ends_with(".cpp"))
      c.line(cat("    <ClCompile Include=\"", f.name, "\" />"));
  c.line("  </ItemGroup>");
  c.line("  <ItemGroup>");
  for (const OutFile& f : d.files)
    if (f.name.ends_with(".h")) c.line(cat("    <ClInclude Include=\"", f.name, "\" />"));
  c.line("  </ItemGroup>");
  c.line("  <Import Project=\"$(VCTargetsPath)\\Microsoft.Cpp.targets\" />");
  c.line("</Project>");
  return c.text();
}

size_t count_lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

// Builds one whole driver in memory: modules first (they fix the helpers the fixed files call),
// then the framework files, the headers that declare it all, and the project.
Driver build_driver(int index, uint64_t seed) {
  Rng rng(seed ^ (0xD1B54A32D192ED03ull * static_cast<uint64_t>(index + 1)));
  Driver d = plan_driver(index, rng);
  size_t target = static_cast<size_t>(rng.range(2000, 10000));
  size_t fixed_estimate = d.fw == Framework::Kmdf ? 900 : 800;
  size_t lines = 0;
  // Names the framework files take; a module must not overwrite them.
  std::set<std::string> stems = {"driver", "device", "queue",   "interrupt", "dispatch",
                                 "pnp",    "dpc",    "objects", "trace",     lower(d.prefix)};
  while (lines + fixed_estimate < target) {
    std::string stem = lower(rng.pick(kNouns));
    // A taken name gets a second word, as "queue" and "queuepower" would sit side by side.
    while (!stems.insert(stem).second) stem += lower(rng.pick(kNouns));
    OutFile f = module_file(d, rng, stem);
    lines += count_lines(f.text);
    d.files.push_back(std::move(f));
  }
  if (d.fw == Framework::Wdm) {
    d.files.push_back(wdm_driver_file(d, rng));
    d.files.push_back(wdm_dispatch_file(d, rng));
    d.files.push_back(wdm_pnp_file(d, rng));
  } else {
    d.files.push_back(kmdf_driver_file(d, rng));
    d.files.push_back(kmdf_device_file(d, rng));
    d.files.push_back(kmdf_queue_file(d, rng));
    d.files.push_back(kmdf_interrupt_file(d, rng));
  }
  d.files.push_back(dpc_file(d, rng));
  if (d.cpp) {
    d.files.push_back(class_file(d, rng));
    d.files.push_back({lower(d.prefix) + "objects.h", objects_header(d)});
  }
  if (d.wpp) d.files.push_back({"trace.h", trace_header(d, rng)});
  d.files.push_back({lower(d.prefix) + ".h", driver_header(d, rng)});
  return d;
}

}  // namespace pwgen

#include "discover/project_files.hpp"

#include <gtest/gtest.h>

#include "discover/includes.hpp"

namespace pagewise {
namespace {

using Items = std::vector<std::string>;

TEST(ParseVcxproj, ClCompileAndClIncludeItemsInEitherQuote) {
  ProjectListing l = parse_vcxproj(R"xml(<?xml version="1.0" encoding="utf-8"?>
<Project DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup Label="Configuration">
    <DriverType>KMDF</DriverType>
  </PropertyGroup>
  <ItemGroup>
    <ClCompile Include="driver.c" />
    <ClCompile Include='src\queue.c'>
      <WppEnabled>true</WppEnabled>
    </ClCompile>
    <ClCompile Include = "..\common\util.c;power.c" />
    <!-- <ClCompile Include="old.c" /> -->
    <ClCompile Include="$(IntDir)generated.c" />
    <ClCompile Include="@(Extra)" />
    <ClInclude Include="driver.h" />
    <ClCompile Include="a&amp;b.c" />
    <ResourceCompile Include="driver.rc" />
    <Inf Include="driver.inf" />
  </ItemGroup>
</Project>)xml");
  EXPECT_EQ(l.items,
            (Items{"driver.c", "src/queue.c", "../common/util.c", "power.c", "driver.h", "a&b.c"}));
  EXPECT_EQ(l.umdf_marker, "");
}

TEST(ParseVcxproj, CharacterReferencesInFileNames) {
  // XML's grammar: "&#" decimal digits ";" or "&#x" hex digits ";"; anything else is literal text
  // (and its ';' then separates two items, as MSBuild's would).
  ProjectListing l = parse_vcxproj(
      "<Project><ItemGroup>"
      "<ClCompile Include=\"a&#95;b.c\" /><ClCompile Include=\"c&#x5F;d.c\" />"
      "<ClCompile Include=\"e&#+95;f.c\" /><ClCompile Include=\"g&#95x;h.c\" />"
      "</ItemGroup></Project>");
  EXPECT_EQ(l.items, (Items{"a_b.c", "c_d.c", "e&#+95", "f.c", "g&#95x", "h.c"}));
}

TEST(ParseVcxproj, UmdfDriverType) {
  ProjectListing l = parse_vcxproj(
      "<Project><PropertyGroup><DriverType> umdf </DriverType>"
      "</PropertyGroup></Project>");
  EXPECT_EQ(l.umdf_marker, "<DriverType>UMDF</DriverType>");
}

TEST(ParseVcxproj, UmdfVersionProperty) {
  ProjectListing l = parse_vcxproj(
      "<Project><PropertyGroup><DriverType>WDM</DriverType>"
      "<UMDF_VERSION_MAJOR>2</UMDF_VERSION_MAJOR></PropertyGroup></Project>");
  EXPECT_EQ(l.umdf_marker, "<UMDF_VERSION_MAJOR>");
}

TEST(ParseVcxproj, KmdfIsKernelMode) {
  ProjectListing l = parse_vcxproj(
      "<Project><PropertyGroup><DriverType>KMDF</DriverType>"
      "<KMDF_VERSION_MAJOR>1</KMDF_VERSION_MAJOR></PropertyGroup></Project>");
  EXPECT_EQ(l.umdf_marker, "");
}

TEST(ParseSourcesFile, ContinuationsCommentsAndMacros) {
  ProjectListing l = parse_sources_file(
      "TARGETNAME=toaster\r\n"
      "TARGETTYPE=DRIVER\n"
      "# SOURCES=commented.c\n"
      "SOURCES= toaster.c \\\n"
      "         wmi.c   \\   \n"
      "         ..\\common\\util.c \\\n"
      "         $(O)\\generated.c \\\n"
      "         toaster.rc # the version resource\n"
      "AMD64_SOURCES=amd64\\fast.c\n"
      "INCLUDES=..\\inc\n");
  EXPECT_EQ(l.items,
            (Items{"toaster.c", "wmi.c", "../common/util.c", "toaster.rc", "amd64/fast.c"}));
  EXPECT_EQ(l.umdf_marker, "");
}

TEST(ParseSourcesFile, UmdfVersion) {
  ProjectListing l = parse_sources_file("UMDF_VERSION_MAJOR=1\nSOURCES=a.cpp\n");
  EXPECT_EQ(l.umdf_marker, "UMDF_VERSION_MAJOR=1");
  EXPECT_EQ(l.items, Items{"a.cpp"});
}

TEST(SourcesFileName, AnyCase) {
  EXPECT_TRUE(is_wdk_sources_file_name("sources"));
  EXPECT_TRUE(is_wdk_sources_file_name("SOURCES"));
  EXPECT_FALSE(is_wdk_sources_file_name("sources.inc"));
}

TEST(ScanIncludeDirectives, QuotedAndAngled) {
  IncludeDirectives d = scan_include_directives(
      "#include <ntddk.h>\n"
      "  #  include \"inc\\Queue.h\"\n"
      "// #include \"commented.h\"\n"
      "#include <WUDFDdi.h>\n"
      "#define X \"not.h\"\n"
      "#include \"last.h\"");
  EXPECT_EQ(d.quoted, (Items{"inc\\Queue.h", "last.h"}));
  EXPECT_EQ(d.names, (Items{"ntddk.h", "queue.h", "wudfddi.h", "last.h"}));
}

}  // namespace
}  // namespace pagewise

#include "discover/project_files.hpp"

#include <gtest/gtest.h>

#include <map>

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

constexpr const char* kConfigurations = R"xml(
  <ItemGroup Label="ProjectConfigurations">
    <ProjectConfiguration Include="Debug|Win32" />
    <ProjectConfiguration Include="Debug|x64" />
    <ProjectConfiguration Include="Release|x64" />
  </ItemGroup>
  <PropertyGroup><Configuration>Debug</Configuration></PropertyGroup>
  <ItemDefinitionGroup>
    <ClCompile><PreprocessorDefinitions>ALL;%(PreprocessorDefinitions)</PreprocessorDefinitions></ClCompile>
  </ItemDefinitionGroup>
  <ItemDefinitionGroup Condition="'$(Configuration)|$(Platform)'=='Debug|x64'">
    <ClCompile>
      <PreprocessorDefinitions>DBG=1;DEBUG_X64;%(PreprocessorDefinitions)</PreprocessorDefinitions>
      <AdditionalIncludeDirectories>debug_inc;%(AdditionalIncludeDirectories)</AdditionalIncludeDirectories>
    </ClCompile>
  </ItemDefinitionGroup>
  <ItemDefinitionGroup Condition="'$(Configuration)|$(Platform)'=='Release|x64'">
    <ClCompile>
      <PreprocessorDefinitions>NDEBUG;VALUE#3;$(Undefined);%(PreprocessorDefinitions)</PreprocessorDefinitions>
      <UndefinePreprocessorDefinitions>TRACE</UndefinePreprocessorDefinitions>
    </ClCompile>
  </ItemDefinitionGroup>)xml";

Items split(std::string_view list) {
  Items out;
  for (size_t from = 0; from <= list.size();) {
    size_t comma = std::min(list.find(',', from), list.size());
    out.emplace_back(list.substr(from, comma - from));
    from = comma + 1;
  }
  return out;
}

std::string project(std::string_view body) {
  return std::string("<Project>") + std::string(body) + "</Project>";
}

TEST(ParseVcxproj, ReleaseX64DefinitionsByDefault) {
  ProjectListing l = parse_vcxproj(project(kConfigurations));
  EXPECT_EQ(l.configuration, "Release|x64");
  EXPECT_EQ(l.defines, (Items{"NDEBUG", "VALUE=3", "ALL", "DBG=0"}));  // a release build
  EXPECT_EQ(l.undefines, Items{"TRACE"});
  EXPECT_EQ(l.include_dirs, Items{"debug_inc"});  // folders of every configuration
}

TEST(ParseVcxproj, ConfigOptionPicksAnother) {
  ProjectContext ctx;
  ctx.configuration = "debug|x64";
  ProjectListing l = parse_vcxproj(project(kConfigurations), ctx);
  EXPECT_EQ(l.configuration, "Debug|x64");
  EXPECT_EQ(l.defines, (Items{"DBG=1", "DEBUG_X64", "ALL"}));
  ctx.configuration = "Debug";  // a configuration alone prefers x64
  EXPECT_EQ(parse_vcxproj(project(kConfigurations), ctx).configuration, "Debug|x64");
  ctx.configuration = "Checked|x64";  // not listed: the default, and a word about it
  l = parse_vcxproj(project(kConfigurations), ctx);
  EXPECT_EQ(l.configuration, "Release|x64");
  EXPECT_EQ(l.problems, Items{"lists no configuration 'Checked|x64'; read 'Release|x64' instead"});
}

// DBG is 1 in a debug configuration and 0 in a release one: UseDebugLibraries says which when it
// is set, else the configuration's name; a project's own DBG, or a name that says neither, wins.
TEST(ParseVcxproj, DbgFollowsTheConfiguration) {
  auto defines = [](const std::string& config, const std::string& body) {
    return parse_vcxproj(project("<ItemGroup><ProjectConfiguration Include=\"" + config +
                                 "\" /></ItemGroup>" + body))
        .defines;
  };
  EXPECT_EQ(defines("Release|x64", ""), Items{"DBG=0"});
  EXPECT_EQ(defines("Debug|x64", ""), Items{"DBG=1"});
  EXPECT_EQ(defines("Checked|x64", ""), Items{});
  EXPECT_EQ(defines("Checked|x64",
                    "<PropertyGroup><UseDebugLibraries>true</UseDebugLibraries></PropertyGroup>"),
            Items{"DBG=1"});
  EXPECT_EQ(defines("Debug|x64",
                    "<PropertyGroup Condition=\"'$(Configuration)'=='Debug'\"><UseDebugLibraries>"
                    "false</UseDebugLibraries></PropertyGroup>"),
            Items{"DBG=0"});
  EXPECT_EQ(defines("Release|x64",
                    "<ItemDefinitionGroup><ClCompile><PreprocessorDefinitions>DBG=1"
                    "</PreprocessorDefinitions></ClCompile></ItemDefinitionGroup>"),
            Items{"DBG=1"});
}

TEST(ParseVcxproj, FirstConfigurationWithoutReleaseX64) {
  ProjectListing l =
      parse_vcxproj(project("<ItemGroup><ProjectConfiguration Include=\"Debug|ARM64\" />"
                            "<ProjectConfiguration Include=\"Release|ARM64\" /></ItemGroup>"
                            "<ItemDefinitionGroup Condition=\"'$(Platform)'=='ARM64' and "
                            "'$(Configuration)'=='Debug'\"><ClCompile><PreprocessorDefinitions>A64"
                            "</PreprocessorDefinitions></ClCompile></ItemDefinitionGroup>"));
  EXPECT_EQ(l.configuration, "Debug|ARM64");
  EXPECT_EQ(l.defines, (Items{"A64", "DBG=1"}));
}

TEST(ParseVcxproj, ReleaseX64UnderAnotherName) {
  auto chosen = [](std::string_view listed) {
    std::string items;
    for (const std::string& c : split(listed))
      items += "<ProjectConfiguration Include=\"" + c + "\" />";
    return parse_vcxproj(project("<ItemGroup>" + items + "</ItemGroup>")).configuration;
  };
  EXPECT_EQ(chosen("Win10 Debug|x64,Win10 Release|Win32,Win10 Release|x64"), "Win10 Release|x64");
  EXPECT_EQ(chosen("Debug|Win32,Release|Win32,Release|x64-other"), "Debug|Win32");
  EXPECT_EQ(chosen("Debug|ARM64,Checked|ARM64"), "Debug|ARM64");
}

TEST(ParseVcxproj, PropertiesResolveInDriverTypeItemsAndFolders) {
  ProjectListing l = parse_vcxproj(project(
      "<PropertyGroup><Kind>UMDF</Kind><Src>src</Src><Inc>$(ProjectDir)inc</Inc></PropertyGroup>"
      "<PropertyGroup><DriverType>$(Kind)</DriverType></PropertyGroup>"
      "<ItemGroup><ClCompile Include=\"$(Src)\\a.c;$(Missing)\\b.c\" /></ItemGroup>"
      "<ItemDefinitionGroup><ClCompile><AdditionalIncludeDirectories>$(Inc);"
      "$(WDKContentRoot)\\km;C:\\abs;..\\up\\</AdditionalIncludeDirectories></ClCompile>"
      "</ItemDefinitionGroup>"));
  EXPECT_EQ(l.umdf_marker, "<DriverType>UMDF</DriverType>");
  EXPECT_EQ(l.items, Items{"src/a.c"});
  EXPECT_EQ(l.include_dirs, (Items{"./inc", "../up"}));
}

TEST(ParseVcxproj, OnlyAResolvedDriverTypePropertyMakesADriver) {
  ProjectListing l =
      parse_vcxproj(project("<PropertyGroup><ConfigurationType>Application</ConfigurationType>"
                            "<DriverType>$(DriverType)</DriverType></PropertyGroup>"));
  EXPECT_EQ(l.umdf_marker, "");
  // A DriverType set from nowhere does not make an application a driver.
  EXPECT_EQ(l.user_mode_marker, "<ConfigurationType>Application</ConfigurationType>");
  EXPECT_FALSE(l.has_driver_type);
  // Nor does DriverType metadata of an item (a signing or packaging step).
  l = parse_vcxproj(
      project("<PropertyGroup><ConfigurationType>DynamicLibrary</ConfigurationType>"
              "</PropertyGroup><ItemDefinitionGroup><DriverSign><DriverType>KMDF</DriverType>"
              "</DriverSign></ItemDefinitionGroup>"));
  EXPECT_EQ(l.user_mode_marker, "<ConfigurationType>DynamicLibrary</ConfigurationType>");
  l =
      parse_vcxproj(project("<PropertyGroup><ConfigurationType>Application</ConfigurationType>"
                            "<DriverType>KMDF</DriverType></PropertyGroup>"));
  EXPECT_EQ(l.user_mode_marker, "");
}

TEST(ParseVcxproj, UndockedTypeExeOrDllIsUserMode) {
  EXPECT_EQ(parse_vcxproj(project("<PropertyGroup><UndockedType>dll</UndockedType>"
                                  "</PropertyGroup>"))
                .user_mode_marker,
            "<UndockedType>dll</UndockedType>");
  EXPECT_EQ(parse_vcxproj(project("<PropertyGroup><UndockedType>sys</UndockedType>"
                                  "</PropertyGroup>"))
                .user_mode_marker,
            "");
}

TEST(ParseVcxproj, ImportsRelativeToTheImporterReadOnce) {
  std::map<std::string, std::string> files = {
      {"../build/a.props",
       "<Project><Import Project=\"sub\\b.props\" /><PropertyGroup><FromA>A=$(FromB)"
       "</FromA></PropertyGroup></Project>"},
      {"../build/sub/b.props",
       "<Project><Import Project=\"$(MSBuildThisFileDirectory)..\\a.props\" />"
       "<PropertyGroup><FromB>2</FromB></PropertyGroup><ItemDefinitionGroup><ClCompile>"
       "<AdditionalIncludeDirectories>$(MSBuildThisFileDirectory)inc"
       "</AdditionalIncludeDirectories></ClCompile></ItemDefinitionGroup></Project>"},
  };
  std::vector<std::string> asked;
  ProjectContext ctx;
  ctx.read_import = [&](const std::string& path) -> std::optional<std::string> {
    asked.push_back(path);
    auto it = files.find(path);
    return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  ProjectListing l =
      parse_vcxproj(project("<Import Project=\"..\\build\\a.props\" />"
                            "<Import Project=\"$(VCTargetsPath)\\Microsoft.Cpp.props\" />"
                            "<ItemDefinitionGroup><ClCompile><PreprocessorDefinitions>$(FromA)"
                            "</PreprocessorDefinitions></ClCompile></ItemDefinitionGroup>"),
                    ctx);
  EXPECT_EQ(asked, (Items{"../build/a.props", "../build/sub/b.props"}));  // the cycle ends
  EXPECT_EQ(l.defines, Items{"A=2"});
  EXPECT_EQ(l.include_dirs, Items{"../build/sub/inc"});
}

TEST(ParseVcxproj, ImportDepthIsBounded) {
  ProjectContext ctx;
  ctx.read_import = [](const std::string& path) -> std::optional<std::string> {
    return "<Project><Import Project=\"" + path + ".x\" /></Project>";
  };
  ProjectListing l = parse_vcxproj(project("<Import Project=\"p\" />"), ctx);
  ASSERT_EQ(l.problems.size(), 1u);
  EXPECT_NE(l.problems[0].find("not read"), std::string::npos);
}

TEST(ParseVcxproj, ExpansionDoesNotGrowWithoutBound) {
  std::string body = "<PropertyGroup><P0>" + std::string(1000, 'x') + "</P0>";
  for (int i = 1; i < 40; ++i)
    body += "<P" + std::to_string(i) + ">$(P" + std::to_string(i - 1) + ")$(P" +
            std::to_string(i - 1) + ")</P" + std::to_string(i) + ">";
  body += "</PropertyGroup>";
  for (int i = 0; i < 40; ++i)
    body += "<ItemDefinitionGroup><ClCompile><PreprocessorDefinitions>D" + std::to_string(i) +
            ";%(PreprocessorDefinitions);%(PREPROCESSORDEFINITIONS)</PreprocessorDefinitions>"
            "</ClCompile></ItemDefinitionGroup>";
  body +=
      "<ItemDefinitionGroup><ClCompile><PreprocessorDefinitions>$(P39);"
      "%(PreprocessorDefinitions)</PreprocessorDefinitions></ClCompile></ItemDefinitionGroup>";
  ProjectListing l = parse_vcxproj(project(body));
  ASSERT_EQ(l.defines.size(), 40u);  // $(P39) would be 2^39 KB: it stays unresolved and is dropped
  EXPECT_EQ(l.defines.front(), "D39");
  EXPECT_EQ(l.defines.back(), "D0");
}

TEST(ParseVcxproj, MalformedXmlIsReadUpToItsError) {
  ProjectListing l = parse_vcxproj(
      "<Project>\n<ItemGroup><ClCompile Include=\"a.c\" />\n<ClCompile Include=\"b.c\"></Oops>"
      "<ClCompile Include=\"c.c\" /></ItemGroup></Project>");
  EXPECT_EQ(l.items, (Items{"a.c", "b.c"}));
  ASSERT_EQ(l.problems.size(), 1u);
  EXPECT_NE(l.problems[0].find("not well-formed XML (line 3"), std::string::npos);
  EXPECT_TRUE(parse_vcxproj("").items.empty());
  EXPECT_TRUE(parse_vcxproj("\xff\xfe<\x00").items.empty());
}

TEST(ParseSourcesFile, CDefinesIncludesAndTargetType) {
  ProjectListing l = parse_sources_file(
      "TARGETTYPE=DRIVER\n"
      "C_DEFINES=$(C_DEFINES) -DUNICODE /DLEVEL=2\n"
      "C_DEFINES=$(C_DEFINES) -D SPACED -UTRACE /Ox -D9BAD\n"
      "INCLUDES=$(INCLUDES);..\\inc; \\\n   $(DDK_INC_PATH);common\n"
      "SOURCES=a.c\n");
  EXPECT_EQ(l.defines, (Items{"UNICODE", "LEVEL=2", "SPACED"}));
  EXPECT_EQ(l.undefines, Items{"TRACE"});
  EXPECT_EQ(l.include_dirs, (Items{"../inc", "common"}));
  EXPECT_EQ(l.user_mode_marker, "");
  EXPECT_EQ(parse_sources_file("TARGETTYPE=PROGRAM\n").user_mode_marker, "TARGETTYPE=PROGRAM");
  EXPECT_EQ(parse_sources_file("TARGETTYPE = dynlink\n").user_mode_marker, "TARGETTYPE=DYNLINK");
  EXPECT_EQ(parse_sources_file("TARGETTYPE=EXPORT_DRIVER\n").user_mode_marker, "");
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
  EXPECT_EQ(d.angled, (Items{"ntddk.h", "WUDFDdi.h"}));
  EXPECT_EQ(d.names, (Items{"ntddk.h", "queue.h", "wudfddi.h", "last.h"}));
}

}  // namespace
}  // namespace pagewise

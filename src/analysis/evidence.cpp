#include "analysis/evidence.hpp"

namespace pagewise {

namespace {

const char* how_name(Placement::How how) {
  switch (how) {
    case Placement::How::Default: return "the default";
    case Placement::How::AllocText: return "#pragma alloc_text";
    case Placement::How::CodeSeg: return "#pragma code_seg";
    case Placement::How::Declspec: return "__declspec(code_seg)";
    case Placement::How::DataSeg: return "#pragma data_seg";
    case Placement::How::BssSeg: return "#pragma bss_seg";
    case Placement::How::ConstSeg: return "#pragma const_seg";
    case Placement::How::Allocate: return "__declspec(allocate)";
  }
  return "";
}

}  // namespace

std::string describe_placement(const Program& p, const Placement& pl) {
  if (pl.how == Placement::How::Default) return "default (" + pl.section + ")";
  std::string s = pl.text.empty() ? std::string(how_name(pl.how)) : pl.text;
  if (pl.file >= 0)
    s += " at " + p.path(static_cast<uint32_t>(pl.file)) + ":" + std::to_string(pl.pos.line);
  if (!pl.macro.empty()) {
    if (pl.macro_file >= 0)
      s += " (macro " + pl.macro + " defined at " + p.path(static_cast<uint32_t>(pl.macro_file)) + ":" +
           std::to_string(pl.macro_pos.line) + ")";
    else
      s += " (macro " + pl.macro + ", built-in meaning: no #define in the unit)";
  }
  return s;
}

std::vector<EvidenceStep> placement_evidence(const Program& p, const Placement& pl) {
  std::vector<EvidenceStep> steps;
  if (pl.file < 0) return steps;
  std::string via = pl.text.empty() ? std::string(how_name(pl.how)) : pl.text;
  steps.push_back({p.path(static_cast<uint32_t>(pl.file)), pl.pos,
                   "placed in " + pl.section + " by " + via});
  if (!pl.macro.empty() && pl.macro_file >= 0) {
    const FileFacts& mf = *p.files[static_cast<uint32_t>(pl.macro_file)];
    std::string body;
    auto it = p.macros.find(pl.macro);
    if (it != p.macros.end()) body = p.files[it->second.first]->macros[it->second.second].body;
    steps.push_back({mf.path, pl.macro_pos,
                     pl.macro + " is defined here" + (body.empty() ? "" : " as " + body)});
  }
  return steps;
}

}  // namespace pagewise

// The tree-sitter wrapper: one parser per thread, C grammar for .c files and C++ for the rest.
// Only the frontend includes tree_sitter/api.h; nothing parsed escapes it but FileFacts.
#pragma once

#include <memory>
#include <string_view>

#include "frontend/chunks.hpp"
#include "model/facts.hpp"

struct TSParser;
struct TSTree;

namespace pagewise {

// Which grammar a file gets (parsing-notes §4): C for .c, C++ for headers and C++ sources.
Language language_for_path(std::string_view path);

// True when the path has an extension pagewise reads.
bool is_source_path(std::string_view path);

class Tree {
 public:
  Tree() = default;
  explicit Tree(TSTree* t) : tree_(t) {}
  Tree(Tree&& o) noexcept : tree_(o.tree_) { o.tree_ = nullptr; }
  Tree& operator=(Tree&& o) noexcept;
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;
  ~Tree();
  TSTree* get() const { return tree_; }
  explicit operator bool() const { return tree_ != nullptr; }

 private:
  TSTree* tree_ = nullptr;
};

// Owns one TSParser per grammar. Not thread-safe: use one per thread.
class Parser {
 public:
  Parser();
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // Parses text; returns an empty Tree if tree-sitter gave up (time-out or cancellation).
  Tree parse(std::string_view text, Language lang);
  // Parses only `piece` of text; the tree's offsets and points are the whole text's.
  Tree parse(std::string_view text, Language lang, const Chunk& piece);

 private:
  TSParser* c_ = nullptr;
  TSParser* cpp_ = nullptr;
};

// The start byte of the first ERROR node directly under the root that spans at least `min_lines`
// lines, or that runs to the end of the file: a bracket opened at file scope and never closed
// folds the rest of the file into one such node. UINT32_MAX when there is none.
uint32_t large_top_level_error(const Tree& tree, uint32_t min_lines);

// How many function definitions the tree holds (for judging a recovery attempt).
uint32_t count_function_definitions(const Tree& tree);

// Checks at start-up that both grammars load into the runtime (ABI in range) and parse a snippet
// without errors. Returns an empty string when all is well, else what is wrong.
std::string grammar_self_check();

}  // namespace pagewise

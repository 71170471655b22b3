// What each function of a unit costs in the Model, whatever its size. A file of many tiny
// functions (generated code) costs its number of functions times these, so they must not grow
// back: an IRQL bound holds its reason apart and allocates it only once the bound is set.
#include <gtest/gtest.h>

#include "analysis/infer.hpp"
#include "model/model.hpp"

namespace pagewise {
namespace {

TEST(PerFunctionMemory, IrqlBoundKeepsItsReasonApart) {
  EXPECT_LE(sizeof(IrqlBound), 16u);
  // Its nine lists are PackedVectors: one pointer each while empty, as most are.
  EXPECT_LE(sizeof(FunctionInference), 200u);
}

TEST(PerFunctionMemory, UnsetBoundReadsAsNoReasonAndCopiesItsReason) {
  IrqlBound b;
  EXPECT_EQ(b.why().kind, IrqlReason::Kind::None);
  IrqlReason why;
  why.kind = IrqlReason::Kind::Annotation;
  why.annotation = "_IRQL_requires_(DISPATCH_LEVEL)";
  b.set = true;
  b.level = Irql::Dispatch;
  b.set_why(why);
  IrqlBound copy = b;
  why.annotation = "changed";
  b.set_why(why);
  EXPECT_EQ(copy.why().annotation, "_IRQL_requires_(DISPATCH_LEVEL)");
  EXPECT_EQ(b.why().annotation, "changed");
  copy = IrqlBound();
  EXPECT_EQ(copy.why().kind, IrqlReason::Kind::None);
}

}  // namespace
}  // namespace pagewise

// Resolver: which functions of a unit a call names, for C++ member calls by the receiver's type,
// unknown receivers, base classes and overloads. Units are snippets run through the real frontend.
#include "analysis/resolve.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "analysis/link.hpp"
#include "frontend/file_stage.hpp"

namespace pagewise {
namespace {

struct Linked {
  Unit unit;
  std::vector<FileFacts> facts;
  Program program;
  std::unique_ptr<Resolver> resolver;

  FunctionId id(const std::string& name) const { return program.by_name.at(name).front(); }
  // The names of what `callee`, written in `caller`, reaches.
  std::set<std::string> names(const std::string& callee, const std::string& caller, int nargs = -1,
                              uint32_t* unknown_of = nullptr) const {
    Resolution r = resolver->resolve(callee, id(caller), nargs);
    if (unknown_of) *unknown_of = r.unknown_receiver_of;
    std::set<std::string> out;
    for (FunctionId g : r.targets)
      out.insert(program.function(g).name + "/" +
                 std::to_string(program.function(g).parameters.size()));
    return out;
  }
};

std::unique_ptr<Linked> link_cpp(const std::string& text) {
  auto out = std::make_unique<Linked>();
  SourceFile src;
  src.path = "drv.cpp";
  src.text = text;
  src.size = text.size();
  src.readable = true;
  src.parse = true;
  out->unit.files.push_back(src.path);
  out->unit.name = "unit";
  std::vector<FileScan> scans{scan_file(src)};
  Dialect dialect = Dialect::builtin();
  add_unit_macros(scans, dialect);
  ConditionConfig cfg;
  FileContext ctx{&dialect, &cfg};
  Parser parser;
  out->facts.push_back(analyze_file(src, scans[0], ctx, parser));
  out->program = link(out->unit, {&out->facts[0]});
  out->resolver = std::make_unique<Resolver>(out->program);
  return out;
}

const char* kClasses =
    "template <class T> class AutoPtr { public: T* operator->(); void Clear() {} T* p; };\n"
    "class Queue { public: void Lock() {} void Lock(int a, int b) {} void Run() {} };\n"
    "class Log { public: void Lock() {} void Run() {} };\n"
    "class Holder { public: Log m_Log; Queue* m_Next; };\n"
    "class Base { public: void Trace() {} virtual void Pure() = 0; };\n"
    "class Derived : public Base { public: Queue m_Queue; void Pure() {} void Work(); };\n"
    "Log g_Log;\n";

TEST(Resolve, FrontendRecordsFieldTypesBasesAndParameterTypes) {
  auto u = link_cpp(std::string(kClasses) + "void F(Queue& q, Log* l, int n) {}\n");
  const FileFacts& f = u->facts[0];
  const ClassDecl* holder = nullptr;
  const ClassDecl* derived = nullptr;
  for (const ClassDecl& c : f.classes) {
    if (c.name == "Holder") holder = &c;
    if (c.name == "Derived") derived = &c;
  }
  ASSERT_TRUE(holder && derived);
  EXPECT_EQ(holder->field_names, (std::vector<std::string>{"m_Log", "m_Next"}));
  EXPECT_EQ(holder->field_name_types, (std::vector<std::string>{"Log", "Queue*"}));
  EXPECT_EQ(derived->bases, (std::vector<std::string>{"Base"}));
  const Function& fn = u->program.function(u->id("F"));
  EXPECT_EQ(fn.parameters, (std::vector<std::string>{"q", "l", "n"}));
  EXPECT_EQ(fn.parameter_types, (std::vector<std::string>{"Queue", "Log*", "int"}));
}

TEST(Resolve, MemberCallsByTheReceiversType) {
  auto u = link_cpp(std::string(kClasses) +
                    "void F(Queue& q, Log* l, AutoPtr<Queue> a, Holder h) {}\n"
                    "void Derived::Work() {}\n");
  using S = std::set<std::string>;
  EXPECT_EQ(u->names("q.Run", "F"), (S{"Queue::Run/0"}));          // reference parameter
  EXPECT_EQ(u->names("l->Run", "F"), (S{"Log::Run/0"}));           // pointer parameter
  EXPECT_EQ(u->names("a->Run", "F"), (S{"Queue::Run/0"}));         // smart pointer's pointee
  EXPECT_EQ(u->names("a.Clear", "F"), (S{"AutoPtr::Clear/0"}));    // the smart pointer itself
  EXPECT_EQ(u->names("h.m_Log.Run", "F"), (S{"Log::Run/0"}));      // a chain of fields
  EXPECT_EQ(u->names("h.m_Next->Run", "F"), (S{"Queue::Run/0"}));  // through a pointer field
  EXPECT_EQ(u->names("g_Log.Run", "F"), (S{"Log::Run/0"}));        // a global
  EXPECT_EQ(u->names("m_Queue.Run", "Derived::Work"), (S{"Queue::Run/0"}));  // own field
  EXPECT_EQ(u->names("this->m_Queue.Run", "Derived::Work"), (S{"Queue::Run/0"}));
  EXPECT_EQ(u->names("Trace", "Derived::Work"), (S{"Base::Trace/0"}));  // inherited, unqualified
  EXPECT_EQ(u->names("this->Trace", "Derived::Work"), (S{"Base::Trace/0"}));
  EXPECT_EQ(u->names("h.m_Next->Lock", "F", 2), (S{"Queue::Lock/2"}));  // the overload by count
  EXPECT_EQ(u->names("h.m_Next->Lock", "F", 0), (S{"Queue::Lock/0"}));
}

TEST(Resolve, TypedefsMacrosAndTemplatesWithADeleter) {
  auto u = link_cpp(std::string(kClasses) +
                    "typedef Queue CfxQueue;\ntypedef Log* PLOGGER;\n#define CLog Log\n"
                    "template <class T, class D> class Holder2 { public: T* operator->(); };\n"
                    "void F(CfxQueue* q, PLOGGER l, CLog* m, Holder2<Queue, int> h) {}\n");
  using S = std::set<std::string>;
  EXPECT_EQ(u->names("q->Run", "F"), (S{"Queue::Run/0"}));
  EXPECT_EQ(u->names("l->Run", "F"), (S{"Log::Run/0"}));
  EXPECT_EQ(u->names("m->Run", "F"), (S{"Log::Run/0"}));
  EXPECT_EQ(u->names("h->Run", "F"), (S{"Queue::Run/0"}));
}

TEST(Resolve, MembersOfAnAnonymousUnion) {
  auto u = link_cpp(std::string(kClasses) +
                    "class Obj { protected: union { Log* m_Base; Queue* m_Dev; }; void F(); };\n"
                    "void Obj::F() {}\n");
  EXPECT_EQ(u->names("m_Dev->Run", "Obj::F"), (std::set<std::string>{"Queue::Run/0"}));
}

TEST(Resolve, PointersToTemplatesAndDereferences) {
  auto u = link_cpp(std::string(kClasses) +
                    "void F(AutoPtr<Queue>* pa, AutoPtr<Queue> a, Log* l) {\n"
                    "  AutoPtr<Log>* local = 0;\n}\n");
  using S = std::set<std::string>;
  EXPECT_EQ(u->names("pa->Clear", "F"), (S{"AutoPtr::Clear/0"}));  // a pointer to the template
  EXPECT_EQ(u->names("local->Clear", "F"), (S{"AutoPtr::Clear/0"}));
  EXPECT_EQ(u->names("(*pa)->Run", "F"), (S{"Queue::Run/0"}));  // the pointer, then the pointee
  EXPECT_EQ(u->names("(*a).Run", "F"), (S{"Queue::Run/0"}));
  EXPECT_EQ(u->names("(*l).Run", "F"), (S{"Log::Run/0"}));
}

TEST(Resolve, PureVirtualReachesTheDerivedDefinitions) {
  auto u = link_cpp(std::string(kClasses) + "void F(Base* b) {}\n");
  EXPECT_EQ(u->names("b->Pure", "F"), (std::set<std::string>{"Derived::Pure/0"}));
}

TEST(Resolve, UnknownReceiverReachesEveryMethodOfTheName) {
  auto u = link_cpp(std::string(kClasses) + "Queue* Get();\nvoid F(void* p) {}\n");
  uint32_t of = 0;
  EXPECT_EQ(u->names("p->Run", "F", 0, &of), (std::set<std::string>{"Queue::Run/0", "Log::Run/0"}));
  EXPECT_EQ(of, 2u);
  EXPECT_EQ(u->names("unknown.Lock", "F", 0, &of),
            (std::set<std::string>{"Queue::Lock/0", "Log::Lock/0"}));
  EXPECT_EQ(of, 2u);
  // One class defines Trace: the call reaches it, and nothing is uncertain.
  EXPECT_EQ(u->names("x->Trace", "F", 0, &of), (std::set<std::string>{"Base::Trace/0"}));
  EXPECT_EQ(of, 0u);
}

TEST(Resolve, KnownClassWithoutTheMethodReachesNothing) {
  auto u = link_cpp(std::string(kClasses) + "void F(Holder* h) {}\n");
  // Holder is a class of the unit and defines no Run: not Queue's or Log's.
  EXPECT_TRUE(u->names("h->Run", "F").empty());
}

TEST(Resolve, DeleteRunsTheDestructorOfThePointeesClass) {
  auto u = link_cpp(
      "class A { public: ~A() {} };\nclass B { public: ~B() {} A* m_A; };\n"
      "class C { public: ~C(); void Drop() {} };\nC::~C() {}\n"
      "void F(A* a, B* b, void* v) {}\n");
  EXPECT_EQ(u->names("delete a", "F"), (std::set<std::string>{"A::~A/0"}));
  EXPECT_EQ(u->names("delete b->m_A", "F"), (std::set<std::string>{"A::~A/0"}));
  EXPECT_EQ(u->names("delete this", "C::Drop"), (std::set<std::string>{"C::~C/0"}));
  // A pointer of no known class reaches no destructor (not every one of the unit).
  EXPECT_TRUE(u->names("delete v", "F").empty());
  EXPECT_TRUE(u->names("delete (A*)v", "F").empty());
}

TEST(Resolve, InternalFunctionsAreStaticOrInAnAnonymousNamespace) {
  auto u = link_cpp(
      "static void S() {}\nnamespace { void A() {} }\nnamespace N { void B() {} }\n"
      "class K { static void M() {} };\nvoid P() {}\n");
  EXPECT_TRUE(u->program.function(u->id("S")).internal);
  EXPECT_TRUE(u->program.function(u->id("A")).internal);
  EXPECT_FALSE(u->program.function(u->id("B")).internal);
  EXPECT_FALSE(u->program.function(u->id("K::M")).internal);
  EXPECT_FALSE(u->program.function(u->id("P")).internal);
}

TEST(Resolve, FreeOverloadsByArgumentCount) {
  auto u = link_cpp("void Log(int a) {}\nvoid Log(int a, int b) {}\nvoid F() {}\n");
  EXPECT_EQ(u->names("Log", "F", 2), (std::set<std::string>{"Log/2"}));
  EXPECT_EQ(u->names("Log", "F", 1), (std::set<std::string>{"Log/1"}));
}

}  // namespace
}  // namespace pagewise

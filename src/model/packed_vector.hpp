// PackedVector: a vector that costs one pointer while it is empty, and one allocation (a small
// header, then the elements) once it is not.
//
// Facts hold a dozen lists per function (calls, steps, locals, ...) and inference another nine,
// most of them empty for a small function. As std::vector each costs 24 bytes whether it holds
// anything or not, which made a file of many tiny functions (generated code) cost about 60 times
// its size in memory. It offers the part of std::vector's interface the analysis uses; elements
// must be nothrow-movable.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <new>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace pagewise {

template <class T>
class PackedVector {
  static_assert(alignof(T) <= alignof(std::max_align_t), "over-aligned elements");
  static_assert(std::is_nothrow_move_constructible_v<T>, "elements are moved on growth");

 public:
  using value_type = T;
  using size_type = size_t;
  using iterator = T*;
  using const_iterator = const T*;
  using reference = T&;
  using const_reference = const T&;

  PackedVector() noexcept = default;
  PackedVector(std::initializer_list<T> items) { assign(items.begin(), items.end()); }
  explicit PackedVector(const std::vector<T>& items) { assign(items.begin(), items.end()); }
  PackedVector(const PackedVector& o) { assign(o.begin(), o.end()); }
  PackedVector(PackedVector&& o) noexcept : block_(std::exchange(o.block_, nullptr)) {}
  PackedVector& operator=(const PackedVector& o) {
    if (this != &o) {
      clear();
      assign(o.begin(), o.end());
    }
    return *this;
  }
  PackedVector& operator=(PackedVector&& o) noexcept {
    if (this != &o) {
      release();
      block_ = std::exchange(o.block_, nullptr);
    }
    return *this;
  }
  PackedVector& operator=(std::initializer_list<T> items) {
    clear();
    assign(items.begin(), items.end());
    return *this;
  }
  // Takes the elements of a list built as a std::vector.
  PackedVector& operator=(std::vector<T>&& items) {
    clear();
    reserve(items.size());
    for (T& x : items) emplace_back(std::move(x));
    return *this;
  }
  ~PackedVector() { release(); }

  operator std::span<const T>() const noexcept { return {data(), size()}; }

  size_t size() const noexcept { return block_ ? block_->size : 0; }
  size_t capacity() const noexcept { return block_ ? block_->capacity : 0; }
  bool empty() const noexcept { return size() == 0; }
  T* data() noexcept { return block_ ? elements(block_) : nullptr; }
  const T* data() const noexcept { return block_ ? elements(block_) : nullptr; }
  T* begin() noexcept { return data(); }
  T* end() noexcept { return data() + size(); }
  const T* begin() const noexcept { return data(); }
  const T* end() const noexcept { return data() + size(); }
  const T* cbegin() const noexcept { return begin(); }
  const T* cend() const noexcept { return end(); }
  T& operator[](size_t i) noexcept { return data()[i]; }
  const T& operator[](size_t i) const noexcept { return data()[i]; }
  T& front() noexcept { return data()[0]; }
  const T& front() const noexcept { return data()[0]; }
  T& back() noexcept { return data()[size() - 1]; }
  const T& back() const noexcept { return data()[size() - 1]; }

  void push_back(const T& item) { emplace_back(item); }
  void push_back(T&& item) { emplace_back(std::move(item)); }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    if (size() == capacity()) {
      // Built before growing: an argument may refer to an element of this vector.
      T item(std::forward<Args>(args)...);
      grow(size() + 1);
      new (end()) T(std::move(item));
    } else {
      new (end()) T(std::forward<Args>(args)...);
    }
    ++block_->size;
    return back();
  }
  void pop_back() noexcept {
    back().~T();
    --block_->size;
  }
  void reserve(size_t n) {
    if (n > capacity()) reallocate(n);
  }
  void resize(size_t n) {
    reserve(n);
    while (size() < n) emplace_back();
    while (size() > n) pop_back();
  }
  void clear() noexcept {
    while (!empty()) pop_back();
  }
  void shrink_to_fit() {
    if (empty())
      release();
    else if (capacity() > size())
      reallocate(size());
  }
  template <class It>
  T* insert(const T* at, It first, It last) {
    size_t index = static_cast<size_t>(at - begin());
    size_t old = size();
    for (; first != last; ++first) emplace_back(*first);
    std::rotate(begin() + index, begin() + old, end());
    return begin() + index;
  }
  T* erase(const T* first, const T* last) {
    T* to = begin() + (first - begin());
    T* from = begin() + (last - begin());
    T* kept_end = std::move(from, end(), to);
    while (end() != kept_end) pop_back();
    return to;
  }
  T* erase(const T* at) { return erase(at, at + 1); }
  void swap(PackedVector& o) noexcept { std::swap(block_, o.block_); }

  std::vector<T> to_vector() const { return std::vector<T>(begin(), end()); }

  bool operator==(const PackedVector& o) const {
    return std::equal(begin(), end(), o.begin(), o.end());
  }
  bool operator==(const std::vector<T>& o) const {
    return std::equal(begin(), end(), o.begin(), o.end());
  }

 private:
  struct Block {
    uint32_t size;
    uint32_t capacity;
  };
  static constexpr size_t kHeader = (sizeof(Block) + alignof(T) - 1) / alignof(T) * alignof(T);

  static T* elements(Block* b) noexcept {
    return reinterpret_cast<T*>(reinterpret_cast<char*>(b) + kHeader);
  }
  static const T* elements(const Block* b) noexcept {
    return reinterpret_cast<const T*>(reinterpret_cast<const char*>(b) + kHeader);
  }

  template <class It>
  void assign(It first, It last) {
    reserve(static_cast<size_t>(std::distance(first, last)));
    for (; first != last; ++first) emplace_back(*first);
  }
  void grow(size_t need) { reallocate(std::max<size_t>(need, capacity() * 2)); }
  void reallocate(size_t n) {
    void* raw = ::operator new(kHeader + n * sizeof(T));
    Block* b = new (raw) Block{0, static_cast<uint32_t>(n)};
    T* to = elements(b);
    for (size_t i = 0; i < size(); ++i) new (to + i) T(std::move(data()[i]));
    b->size = static_cast<uint32_t>(size());
    release();
    block_ = b;
  }
  void release() noexcept {
    if (!block_) return;
    clear();
    ::operator delete(block_);
    block_ = nullptr;
  }

  Block* block_ = nullptr;
};

}  // namespace pagewise

// The SAX handler behind readItemResponse: a stack with one frame per JSON object or array open at
// the parser's position, each knowing what its members or elements become. Values are built where
// they end up (an item inside the result, an attribute inside its map), so nothing is copied twice.
#include "dynamodb/client/item_reader.h"

#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dynamodb/client/attribute_value_wire.h"
#include "dynamodb/client/json_codec.h"

namespace flamingock::dynamodb::detail {
namespace {

using Type = AttributeValue::Type;

// The members the reader knows, in the body (in ResponseTargets' order) and in ConsumedCapacity;
// kOther is skipped.
enum class Member {
  kOther,
  kItem,
  kAttributes,
  kItems,
  kCount,
  kScannedCount,
  kLastEvaluatedKey,
  kConsumedCapacity,
  kTableName,
  kCapacityUnits,
  kReadCapacityUnits,
  kWriteCapacityUnits,
};

inline constexpr NameTable<Member, 11> kMemberNames{{
    {Member::kItem, "Item"},
    {Member::kAttributes, "Attributes"},
    {Member::kItems, "Items"},
    {Member::kCount, "Count"},
    {Member::kScannedCount, "ScannedCount"},
    {Member::kLastEvaluatedKey, "LastEvaluatedKey"},
    {Member::kConsumedCapacity, "ConsumedCapacity"},
    {Member::kTableName, "TableName"},
    {Member::kCapacityUnits, "CapacityUnits"},
    {Member::kReadCapacityUnits, "ReadCapacityUnits"},
    {Member::kWriteCapacityUnits, "WriteCapacityUnits"},
}};

// Where a response's members go. A null target is a member this operation does not return: it is
// skipped, as unknown members are.
struct ResponseTargets {
  std::optional<Item>* item = nullptr;
  Item* attributes = nullptr;
  std::vector<Item>* items = nullptr;
  int* count = nullptr;
  int* scanned_count = nullptr;
  Item* last_evaluated_key = nullptr;
  std::optional<ConsumedCapacity>* consumed_capacity = nullptr;
};

enum class JsonKind { kNull, kBoolean, kNumber, kString, kObject, kArray };

std::string_view describe(JsonKind kind) {
  constexpr std::string_view kDescriptions[] = {"null",     "a boolean", "a number",
                                                "a string", "an object", "an array"};
  return kDescriptions[static_cast<int>(kind)];
}

// The JSON kind that carries a value of `type` ({"S": "x"}, {"BOOL": true}, {"L": [...]}).
JsonKind carrier(Type type) {
  switch (type) {
    case Type::kString:
    case Type::kNumber:
    case Type::kBinary:
      return JsonKind::kString;
    case Type::kBool:
    case Type::kNull:
      return JsonKind::kBoolean;
    case Type::kMap:
      return JsonKind::kObject;
    default:
      return JsonKind::kArray;
  }
}

struct Frame {
  enum class Kind { kBody, kItems, kItem, kValue, kList, kSet, kCapacity, kSkip };

  Kind kind;
  Member member = Member::kOther;     // kBody, kCapacity: the member whose value comes next
  Item* item = nullptr;               // kItem: the item filled, or null for `map` (an M value)
  Item map;                           // kItem of an M value
  AttributeValue* value = nullptr;    // kItem: the attribute read; kValue: where its value goes
  const std::string* name = nullptr;  // kItem, kValue and below: the attribute's name, for messages
  std::optional<Type> type;           // kValue, kSet: the type member
  AttributeValue::List list;          // kList
  std::vector<std::string> strings;   // kSet
};

class ItemResponseReader {
 public:
  explicit ItemResponseReader(const ResponseTargets& targets) : targets_(targets) {
    // Deep enough for an audit item's metadata map (body, Items, item, value, map, value), and
    // small enough for the allocator's fast path.
    frames_.reserve(6);
  }

  bool null() { return skipsScalar(JsonKind::kNull); }

  bool boolean(bool value) {
    if (skipsScalar(JsonKind::kBoolean)) return true;
    Frame& frame = frames_.back();
    *frame.value = *frame.type == Type::kBool ? AttributeValue::boolean(value) : AttributeValue();
    return true;
  }

  bool number_integer(Json::number_integer_t value) { return integer(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return integer(value); }

  bool number_float(Json::number_float_t value, const std::string& text) {
    if (skipsScalar(JsonKind::kNumber)) return true;
    Frame& frame = frames_.back();
    if (frame.kind == Frame::Kind::kCapacity) return setUnits(frame.member, value);
    throw notAWholeNumber(frame.member, text);
  }

  bool string(std::string& text) {
    if (skipsScalar(JsonKind::kString)) return true;
    // Copied, not moved: the parser reuses the buffer, already grown to size, for the next token.
    Frame& frame = frames_.back();
    if (frame.kind == Frame::Kind::kCapacity) {
      (*targets_.consumed_capacity)->table_name = text;
    } else if (frame.kind == Frame::Kind::kSet) {
      frame.strings.push_back(*frame.type == Type::kBinarySet ? base64Decode(text) : text);
    } else {
      *frame.value = AttributeValueWire::make(
          *frame.type, *frame.type == Type::kBinary ? base64Decode(text) : text);
    }
    return true;
  }

  bool binary(Json::binary_t&) { throw CodecError("binary value in a JSON body"); }

  bool start_object(std::size_t) {
    if (frames_.empty()) return push({.kind = Frame::Kind::kBody});
    Frame& frame = frames_.back();
    if (skipping(frame)) return push({.kind = Frame::Kind::kSkip});
    refuseUnless(frame, JsonKind::kObject);
    switch (frame.kind) {
      case Frame::Kind::kBody:
        return startBodyObject(frame.member);
      case Frame::Kind::kItems:
        return push({.kind = Frame::Kind::kItem, .item = &targets_.items->emplace_back()});
      case Frame::Kind::kItem:
        return push({.kind = Frame::Kind::kValue, .value = frame.value, .name = frame.name});
      case Frame::Kind::kValue:  // M
        return push({.kind = Frame::Kind::kItem, .name = frame.name});
      default:  // kList, the last frame that takes objects
        return push(
            {.kind = Frame::Kind::kValue, .value = &frame.list.emplace_back(), .name = frame.name});
    }
  }

  bool start_array(std::size_t) {
    if (frames_.empty()) refuse(JsonKind::kArray);
    Frame& frame = frames_.back();
    if (skipping(frame)) return push({.kind = Frame::Kind::kSkip});
    refuseUnless(frame, JsonKind::kArray);
    if (frame.kind == Frame::Kind::kBody) {  // Items
      targets_.items->clear();
      return push({.kind = Frame::Kind::kItems});
    }
    // An L, SS, NS or BS value.
    if (*frame.type == Type::kList) return push({.kind = Frame::Kind::kList, .name = frame.name});
    return push({.kind = Frame::Kind::kSet, .name = frame.name, .type = frame.type});
  }

  bool key(std::string& text) {
    Frame& frame = frames_.back();
    switch (frame.kind) {
      case Frame::Kind::kBody:
        frame.member = bodyMember(text);
        break;
      case Frame::Kind::kCapacity:
        frame.member = capacityMember(text);
        break;
      case Frame::Kind::kItem: {
        // A repeated name keeps the last value, as the DOM does.
        auto entry = (frame.item != nullptr ? *frame.item : frame.map).try_emplace(text).first;
        frame.value = &entry->second;
        frame.name = &entry->first;
        break;
      }
      case Frame::Kind::kValue:
        if (frame.type) {
          throw CodecError("attribute '" + *frame.name + "' has more than one type member ('" +
                           std::string(typeName(*frame.type)) + "', '" + text + "')");
        }
        frame.type = readNamed(kAttributeTypeNames, text, "attribute value type");
        break;
      default:  // kSkip
        break;
    }
    return true;
  }

  bool end_object() { return pop(); }
  bool end_array() { return pop(); }

  bool parse_error(std::size_t, const std::string&, const Json::exception& error) {
    throw CodecError(error.what());
  }

 private:
  bool push(Frame frame) {
    frames_.push_back(std::move(frame));
    return true;
  }

  // Ends the innermost object or array and hands what it built to the frame around it.
  bool pop() {
    Frame& done = frames_.back();
    if (done.kind == Frame::Kind::kValue && !done.type) {
      throw CodecError("attribute '" + *done.name + "' has no type member");
    }
    if (frames_.size() > 1) {
      AttributeValue* into = frames_[frames_.size() - 2].value;
      if (done.kind == Frame::Kind::kItem && done.item == nullptr) {
        *into = AttributeValue::map(std::move(done.map));
      } else if (done.kind == Frame::Kind::kList) {
        *into = AttributeValue::list(std::move(done.list));
      } else if (done.kind == Frame::Kind::kSet) {
        *into = AttributeValueWire::make(*done.type, std::move(done.strings));
      }
    }
    frames_.pop_back();
    return true;
  }

  bool startBodyObject(Member member) {
    switch (member) {
      case Member::kItem:
        return push({.kind = Frame::Kind::kItem, .item = &targets_.item->emplace()});
      case Member::kAttributes:
      case Member::kLastEvaluatedKey: {
        Item* item =
            member == Member::kAttributes ? targets_.attributes : targets_.last_evaluated_key;
        item->clear();
        return push({.kind = Frame::Kind::kItem, .item = item});
      }
      case Member::kConsumedCapacity:
        targets_.consumed_capacity->emplace();
        return push({.kind = Frame::Kind::kCapacity});
      default:
        return push({.kind = Frame::Kind::kSkip});
    }
  }

  template <typename Integer>
  bool integer(Integer value) {
    if (skipsScalar(JsonKind::kNumber)) return true;
    Frame& frame = frames_.back();
    if (frame.kind == Frame::Kind::kCapacity) {
      return setUnits(frame.member, static_cast<double>(value));
    }
    if (!std::in_range<int>(value)) throw notAWholeNumber(frame.member, std::to_string(value));
    *(frame.member == Member::kCount ? targets_.count : targets_.scanned_count) =
        static_cast<int>(value);
    return true;
  }

  bool setUnits(Member member, double units) {
    ConsumedCapacity& capacity = **targets_.consumed_capacity;
    if (member == Member::kCapacityUnits) capacity.capacity_units = units;
    if (member == Member::kReadCapacityUnits) capacity.read_capacity_units = units;
    if (member == Member::kWriteCapacityUnits) capacity.write_capacity_units = units;
    return true;
  }

  static CodecError notAWholeNumber(Member member, const std::string& text) {
    return CodecError(std::string(nameOf(kMemberNames, member)) + " " + text +
                      " is not a whole number in range");
  }

  // The body's member named `text`, or kOther for one this operation does not return.
  Member bodyMember(std::string_view text) const {
    Member member = valueOf(kMemberNames, text).value_or(Member::kOther);
    // In the order of Member's body members.
    const void* targets[] = {nullptr,
                             targets_.item,
                             targets_.attributes,
                             targets_.items,
                             targets_.count,
                             targets_.scanned_count,
                             targets_.last_evaluated_key,
                             targets_.consumed_capacity};
    auto index = static_cast<std::size_t>(member);
    return index < std::size(targets) && targets[index] != nullptr ? member : Member::kOther;
  }

  static Member capacityMember(std::string_view text) {
    Member member = valueOf(kMemberNames, text).value_or(Member::kOther);
    bool known = member == Member::kTableName || member == Member::kCapacityUnits ||
                 member == Member::kReadCapacityUnits || member == Member::kWriteCapacityUnits;
    return known ? member : Member::kOther;
  }

  // A member's value that is skipped: inside an unknown member, or of one.
  static bool skipping(const Frame& frame) {
    return frame.kind == Frame::Kind::kSkip ||
           ((frame.kind == Frame::Kind::kBody || frame.kind == Frame::Kind::kCapacity) &&
            frame.member == Member::kOther);
  }

  // Whether a scalar of `kind` is to be ignored (a skipped member, or a null member that stands
  // for an absent one); throws when it is not what the innermost frame expects. Otherwise the
  // frame takes it.
  bool skipsScalar(JsonKind kind) {
    if (frames_.empty()) refuse(kind);
    Frame& frame = frames_.back();
    bool member_value = frame.kind == Frame::Kind::kBody || frame.kind == Frame::Kind::kCapacity;
    if (skipping(frame) || (member_value && kind == JsonKind::kNull)) return true;
    refuseUnless(frame, kind);
    return false;
  }

  // Throws unless a value of `kind` is what `frame` expects next.
  void refuseUnless(const Frame& frame, JsonKind kind) const {
    if (expected(frame) != kind) refuse(kind);
  }

  static JsonKind expected(const Frame& frame) {
    switch (frame.kind) {
      case Frame::Kind::kBody:
        return memberKind(frame.member);
      case Frame::Kind::kCapacity:
        return frame.member == Member::kTableName ? JsonKind::kString : JsonKind::kNumber;
      case Frame::Kind::kValue:
        return carrier(*frame.type);
      case Frame::Kind::kSet:
        return JsonKind::kString;
      default:  // kItems, kItem, kList: an item or an attribute value
        return JsonKind::kObject;
    }
  }

  static JsonKind memberKind(Member member) {
    switch (member) {
      case Member::kItems:
        return JsonKind::kArray;
      case Member::kCount:
      case Member::kScannedCount:
        return JsonKind::kNumber;
      default:
        return JsonKind::kObject;
    }
  }

  [[noreturn]] void refuse(JsonKind got) const {
    std::string what = "the body";
    std::string_view wanted = "a JSON object";
    if (!frames_.empty()) {
      const Frame& frame = frames_.back();
      std::string attribute = frame.name ? "attribute '" + *frame.name + "'" : "";
      switch (frame.kind) {
        case Frame::Kind::kBody:
          what = nameOf(kMemberNames, frame.member);
          wanted = frame.member == Member::kCount || frame.member == Member::kScannedCount
                       ? "a whole number in range"
                       : describe(memberKind(frame.member));
          break;
        case Frame::Kind::kCapacity:
          what = "ConsumedCapacity's " + std::string(nameOf(kMemberNames, frame.member));
          wanted = describe(expected(frame));
          break;
        case Frame::Kind::kItems:
          what = "an element of Items";
          wanted = "an item (a JSON object)";
          break;
        case Frame::Kind::kValue:
        case Frame::Kind::kSet:
          what = attribute + " of type " + std::string(typeName(*frame.type));
          wanted =
              frame.kind == Frame::Kind::kSet ? "a set of strings" : describe(carrier(*frame.type));
          break;
        default:  // kItem, kList
          what = frame.kind == Frame::Kind::kList ? "an element of " + attribute : attribute;
          wanted = "an attribute value (an object with one type member)";
          break;
      }
    }
    throw CodecError(what + " is not " + std::string(wanted) + ": got " +
                     std::string(describe(got)));
  }

  ResponseTargets targets_;
  std::vector<Frame> frames_;
};

void read(std::string_view body, const ResponseTargets& targets) {
  ItemResponseReader reader(targets);
  Json::sax_parse(body.begin(), body.end(), &reader);
}

template <typename Result>
void readWriteResponse(std::string_view body, Result& result) {
  read(body, {.attributes = &result.attributes, .consumed_capacity = &result.consumed_capacity});
}

}  // namespace

void readItemResponse(std::string_view body, GetItemResult& result) {
  read(body, {.item = &result.item, .consumed_capacity = &result.consumed_capacity});
}

void readItemResponse(std::string_view body, ItemPage& result) {
  read(body, {.items = &result.items,
              .count = &result.count,
              .scanned_count = &result.scanned_count,
              .last_evaluated_key = &result.last_evaluated_key,
              .consumed_capacity = &result.consumed_capacity});
}

void readItemResponse(std::string_view body, PutItemResult& result) {
  readWriteResponse(body, result);
}

void readItemResponse(std::string_view body, UpdateItemResult& result) {
  readWriteResponse(body, result);
}

void readItemResponse(std::string_view body, DeleteItemResult& result) {
  readWriteResponse(body, result);
}

}  // namespace flamingock::dynamodb::detail

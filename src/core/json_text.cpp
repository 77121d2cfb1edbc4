#include "json_text.h"

#include <cstdint>

#include "core/name_table.h"

namespace flamingock::detail {
namespace {

constexpr NameTable<char, 5> kShortEscapes{{
    {'"', "\\\""},
    {'\\', "\\\\"},
    {'\n', "\\n"},
    {'\r', "\\r"},
    {'\t', "\\t"},
}};

void appendUtf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// A cursor over JSON text; every parse method returns false on malformed input.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool consume(char expected) {
    skipSpace();
    if (pos_ >= text_.size() || text_[pos_] != expected) return false;
    ++pos_;
    return true;
  }
  bool atEnd() {
    skipSpace();
    return pos_ == text_.size();
  }
  char peek() {
    skipSpace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }

  bool readString(std::string& out) {
    if (!consume('"')) return false;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) return false;
      char escape = text_[pos_++];
      switch (escape) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::uint32_t code_point = 0;
          if (!readHex4(code_point)) return false;
          if (code_point >= 0xD800 && code_point < 0xDC00) {
            std::uint32_t low = 0;
            if (text_.substr(pos_, 2) != "\\u") return false;
            pos_ += 2;
            if (!readHex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
          }
          appendUtf8(out, code_point);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  // Any JSON value, kept as its text (strings unescaped).
  bool readValue(std::string& out) {
    if (peek() == '"') return readString(out);
    std::size_t start = pos_;
    if (!skipValue()) return false;
    out = std::string(text_.substr(start, pos_ - start));
    return true;
  }

 private:
  bool readHex4(std::uint32_t& out) {
    if (pos_ + 4 > text_.size()) return false;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_++];
      out <<= 4;
      if (c >= '0' && c <= '9')
        out |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        out |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        out |= static_cast<std::uint32_t>(c - 'A' + 10);
      else
        return false;
    }
    return true;
  }

  bool skipValue() {
    char c = peek();
    std::string ignored;
    if (c == '"') return readString(ignored);
    if (c == '{' || c == '[') return skipContainer(c);
    std::size_t start = pos_;
    while (pos_ < text_.size() &&
           std::string_view(",}] \t\r\n").find(text_[pos_]) == std::string_view::npos) {
      ++pos_;
    }
    return pos_ > start;
  }

  bool skipContainer(char open) {
    char close = open == '{' ? '}' : ']';
    consume(open);
    if (consume(close)) return true;
    do {
      std::string ignored;
      if (open == '{' && (!readString(ignored) || !consume(':'))) return false;
      if (!skipValue()) return false;
    } while (consume(','));
    return consume(close);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

void appendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t plain_begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.substr(plain_begin, i - plain_begin));
    plain_begin = i + 1;
    if (auto escape = findName(kShortEscapes, static_cast<char>(c))) {
      out.append(*escape);
    } else {
      out.append("\\u00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  out.append(text.substr(plain_begin));
  out.push_back('"');
}

std::string jsonQuote(std::string_view text) {
  std::string out;
  appendJsonString(out, text);
  return out;
}

std::optional<std::map<std::string, std::string>> parseJsonObject(std::string_view text) {
  Reader reader(text);
  std::map<std::string, std::string> members;
  if (!reader.consume('{')) return std::nullopt;
  if (!reader.consume('}')) {
    do {
      std::string key;
      std::string value;
      if (!reader.readString(key) || !reader.consume(':') || !reader.readValue(value)) {
        return std::nullopt;
      }
      members[std::move(key)] = std::move(value);
    } while (reader.consume(','));
    if (!reader.consume('}')) return std::nullopt;
  }
  if (!reader.atEnd()) return std::nullopt;
  return members;
}

}  // namespace flamingock::detail

package org.web4.vectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;

/**
 * {@code jcs/jcs_test.json}: RFC 8785 canonicalization. The published RFC 8785 examples (copied
 * into {@code vectors/sources/jcs-rfc8785}), number formatting cases whose expected text was
 * computed independently of this kit (shortest round-trip digits from CPython's repr, laid out by
 * the ECMAScript rules), and our own structure cases and I-JSON violations.
 *
 * <p>Inputs and outputs are hex, because several inputs are not valid UTF-8 or not valid I-JSON and
 * so cannot be carried inside a JSON string of a conforming vector file.
 */
final class JcsVectors {
  private static final HexFormat HEX = HexFormat.of();

  /** {input literal, expected ES6 text, IEEE-754 bits}. */
  private static final String[][] NUMBERS = {
    {"0.00000000000000000e+00", "0", "0000000000000000"},
    {"-0.00000000000000000e+00", "0", "8000000000000000"},
    {"1.00000000000000000e+00", "1", "3ff0000000000000"},
    {"-1.00000000000000000e+00", "-1", "bff0000000000000"},
    {"1.00000000000000006e-01", "0.1", "3fb999999999999a"},
    {"1.00000000000000000e+21", "1e+21", "444b1ae4d6e2ef50"},
    {"1.00000000000000000e+20", "100000000000000000000", "4415af1d78b58c40"},
    {"1.23456789012345684e+20", "123456789012345680000", "441ac53a7e04bcda"},
    {"9.99999999999999955e-07", "0.000001", "3eb0c6f7a0b5ed8d"},
    {"9.99999999999999955e-08", "1e-7", "3e7ad7f29abcaf48"},
    {"9.99999999999999743e-07", "9.999999999999997e-7", "3eb0c6f7a0b5ed8c"},
    {"4.94065645841246544e-324", "5e-324", "0000000000000001"},
    {"-4.94065645841246544e-324", "-5e-324", "8000000000000001"},
    {"1.79769313486231571e+308", "1.7976931348623157e+308", "7fefffffffffffff"},
    {"-1.79769313486231571e+308", "-1.7976931348623157e+308", "ffefffffffffffff"},
    {"2.22507385850720138e-308", "2.2250738585072014e-308", "0010000000000000"},
    {"9007199254740992", "9007199254740992", "4340000000000000"},
    {"9007199254740993", "9007199254740992", "4340000000000000"},
    {"9.00719925474099400e+15", "9007199254740994", "4340000000000001"},
    {"9.00719925474099600e+15", "9007199254740996", "4340000000000002"},
    {"3.00000000000000044e-01", "0.30000000000000004", "3fd3333333333334"},
    {"4.34999999999999964e+00", "4.35", "4011666666666666"},
    {"3.33333333333333315e-01", "0.3333333333333333", "3fd5555555555555"},
    {"295147905179352825856", "295147905179352830000", "4430000000000000"},
    {"9.99999999999999916e+22", "1e+23", "44b52d02c7e14af6"},
    {"3.33333333333333194e+08", "333333333.3333332", "41b3de4355555553"},
    {"1E2", "100", "4059000000000000"},
    {"12.50", "12.5", "4029000000000000"},
    {"-1.25000000000000003e-09", "-1.25e-9", "be15798ee2308c3a"},
    {"1.50000000000000008e+300", "1.5e+300", "7e41eb2d66005835"},
    {"2.09999999999999988e-05", "0.000021", "3ef6052502eec7c9"},
    {"2.49999999999999989e-07", "2.5e-7", "3e90c6f7a0b5ed8d"},
    {"1234567.0", "1234567", "4132d68700000000"},
    {"1.23e20", "123000000000000000000", "441aabdf2145b430"},
    {"1e22", "1e+22", "4480f0cf064dd592"},
    {"4.99999999999999977e-07", "5e-7", "3ea0c6f7a0b5ed8d"},
    {"1e-400", "0", "0000000000000000"},
  };

  private JcsVectors() {}

  static VectorFile build(Path sources) throws IOException {
    VectorFile file =
        new VectorFile(
            "jcs/jcs_test.json",
            "RFC8785-JCS",
            "vectors/jcs_test.schema.json",
            List.of(
                "RFC 8785 JSON Canonicalization Scheme over I-JSON (RFC 7493), as spec/envelope.md pins it.",
                "input and expected are hex of UTF-8 bytes. A valid case must canonicalize to exactly"
                    + " expected; an invalid case must be refused (on the wire: INVALID_ENVELOPE).",
                "Group Rfc8785Examples is the published RFC 8785 test data, Apache-2.0, (c) Anders"
                    + " Rundgren, https://github.com/cyberphone/json-canonicalization."));
    file.note("Rfc8785Example", "Functionality", "A test case published with RFC 8785.")
        .note(
            "NumberFormat",
            "Functionality",
            "Numbers are serialized as ECMAScript Number.prototype.toString: shortest round-trip"
                + " digits, 1e21 and 1e-7 as the notation thresholds. The expected text was computed"
                + " independently of the reference implementation.")
        .note(
            "MemberOrder",
            "Functionality",
            "Members are sorted by UTF-16 code units; sorting by UTF-8 bytes or code points differs"
                + " for names outside the BMP.")
        .note(
            "StringEscaping",
            "Functionality",
            "Only \", \\ and control characters are escaped; \\b \\t \\n \\f \\r use the short form,"
                + " other controls \\u00xx in lowercase; everything else is literal UTF-8.")
        .note("Whitespace", "Functionality", "Insignificant whitespace is removed.")
        .note("Nesting", "EdgeCase", "Nesting up to the limit of 32 levels must be accepted.")
        .note("DuplicateMember", "MalformedInput", "Duplicate member names are refused.")
        .note("LoneSurrogate", "MalformedInput", "Unpaired surrogates are refused.")
        .note("InvalidUtf8", "MalformedInput", "Ill-formed UTF-8 is refused.")
        .note(
            "NumberOutOfRange",
            "MalformedInput",
            "Numbers whose magnitude rounds to infinity as a double are refused.")
        .note("NotJson", "MalformedInput", "Input that is not JSON text is refused.")
        .note("TooDeep", "EdgeCase", "Nesting deeper than 32 levels is refused.")
        .note(
            "Noncharacter",
            "MalformedInput",
            "Unicode noncharacters (U+FDD0..U+FDEF, U+nFFFE, U+nFFFF) are not I-JSON (RFC 7493"
                + " 2.1): refused whether escaped or written as UTF-8, in values and member names"
                + " (since spec 0.4.0).")
        .note(
            "NumberLength",
            "EdgeCase",
            "A number token of 4,096 characters (sign, fraction and exponent included) is accepted;"
                + " one of 4,097 is refused before its value is looked at (ENV-LIM-003, since spec"
                + " 0.5.0).")
        .note(
            "NextToNoncharacter",
            "EdgeCase",
            "Code points next to the noncharacters are ordinary characters and are accepted.");

    rfc8785Examples(file, sources.resolve("jcs-rfc8785"));
    numbers(file);
    structures(file);
    violations(file);
    since040(file);
    since050(file);
    return file;
  }

  private static void rfc8785Examples(VectorFile file, Path dir) throws IOException {
    ObjectNode group = file.group("JcsCanonicalize");
    group.put("source", "RFC 8785 published test data (input/ and output/)");
    for (String name : List.of("arrays", "french", "structures", "unicode", "values", "weird")) {
      byte[] input = Files.readAllBytes(dir.resolve("input").resolve(name + ".json"));
      byte[] output = Files.readAllBytes(dir.resolve("output").resolve(name + ".json"));
      valid(file, group, "RFC 8785 example " + name + ".json", "Rfc8785Example", input, output);
    }
  }

  private static void numbers(VectorFile file) {
    ObjectNode group = file.group("JcsCanonicalize");
    group.put("source", "number formatting; expected text computed independently (see notes)");
    for (String[] n : NUMBERS) {
      byte[] input = ("[" + n[0] + "]").getBytes(StandardCharsets.UTF_8);
      byte[] expected = ("[" + n[1] + "]").getBytes(StandardCharsets.UTF_8);
      valid(
          file,
          group,
          "number " + n[0] + " (IEEE-754 " + n[2] + ")",
          "NumberFormat",
          input,
          expected);
    }
  }

  private static void structures(VectorFile file) {
    ObjectNode group = file.group("JcsCanonicalize");
    group.put("source", "web4 conformance kit");
    valid(
        file,
        group,
        "names outside the BMP sort by UTF-16 code units (U+1F600 before U+E000)",
        "MemberOrder",
        utf8("{\"\uE000\":1,\"\uD83D\uDE00\":2,\"z\":3}"),
        utf8("{\"z\":3,\"\uD83D\uDE00\":2,\"\uE000\":1}"));
    valid(
        file,
        group,
        "names compared after unescaping; nested objects sorted too",
        "MemberOrder",
        utf8("{\"b\":{\"\\u0062\":1,\"a\":[{\"d\":0,\"c\":0}]},\"a\":null}"),
        utf8("{\"a\":null,\"b\":{\"a\":[{\"c\":0,\"d\":0}],\"b\":1}}"));
    valid(
        file,
        group,
        "empty name sorts first; uppercase before lowercase",
        "MemberOrder",
        utf8("{\"a\":1,\"B\":2,\"\":3}"),
        utf8("{\"\":3,\"B\":2,\"a\":1}"));
    valid(
        file,
        group,
        "control characters: short escapes, others lowercase \\u00xx, DEL and U+2028 literal",
        "StringEscaping",
        utf8("[\"\\u0008\\u0009\\u000A\\u000C\\u000D\\u0000\\u001F\\u007F\\u2028\\/\"]"),
        utf8("[\"\\b\\t\\n\\f\\r\\u0000\\u001f\u007F\u2028/\"]"));
    valid(
        file,
        group,
        "escaped BMP and non-BMP characters become literal UTF-8",
        "StringEscaping",
        utf8("[\"\\u00e9\\u20AC\\ud83d\\ude00\"]"),
        utf8("[\"\u00e9\u20ac\uD83D\uDE00\"]"));
    valid(
        file,
        group,
        "whitespace of every kind between tokens is removed",
        "Whitespace",
        utf8(" \t\r\n{ \"a\" : [ 1 , true , false , null ] }\n"),
        utf8("{\"a\":[1,true,false,null]}"));
    valid(file, group, "a top-level scalar", "Whitespace", utf8(" \"x\" "), utf8("\"x\""));
    valid(
        file,
        group,
        "32 nested arrays: exactly the depth limit",
        "Nesting",
        utf8("[".repeat(32) + "]".repeat(32)),
        utf8("[".repeat(32) + "]".repeat(32)));
    valid(
        file,
        group,
        "32 levels mixing objects and arrays",
        "Nesting",
        utf8("{\"a\":".repeat(16) + "[[".repeat(8) + "]]".repeat(8) + "}".repeat(16)),
        utf8("{\"a\":".repeat(16) + "[[".repeat(8) + "]]".repeat(8) + "}".repeat(16)));
  }

  private static void violations(VectorFile file) {
    ObjectNode group = file.group("JcsCanonicalize");
    group.put("source", "web4 conformance kit");
    invalid(
        file,
        group,
        "duplicate member names",
        "DuplicateMember",
        utf8("{\"a\":1,\"a\":2}"),
        "ENV-JSON-002");
    invalid(
        file,
        group,
        "duplicate member names, one escaped",
        "DuplicateMember",
        utf8("{\"a\":1,\"\\u0061\":2}"),
        "ENV-JSON-002");
    invalid(
        file,
        group,
        "duplicate member names in a nested object",
        "DuplicateMember",
        utf8("{\"x\":[{\"k\":1,\"k\":1}]}"),
        "ENV-JSON-002");
    invalid(
        file, group, "lone high surrogate", "LoneSurrogate", utf8("[\"\\ud800\"]"), "ENV-JSON-003");
    invalid(
        file, group, "lone low surrogate", "LoneSurrogate", utf8("[\"\\udc00x\"]"), "ENV-JSON-003");
    invalid(
        file,
        group,
        "surrogates in the wrong order",
        "LoneSurrogate",
        utf8("[\"\\ude00\\ud83d\"]"),
        "ENV-JSON-003");
    invalid(
        file,
        group,
        "lone surrogate in a member name",
        "LoneSurrogate",
        utf8("{\"\\udbff\":0}"),
        "ENV-JSON-003");
    invalid(
        file, group, "invalid UTF-8 (C3 28)", "InvalidUtf8", hex("5b22c328225d"), "ENV-JSON-001");
    invalid(
        file,
        group,
        "overlong encoding of '/' (C0 AF)",
        "InvalidUtf8",
        hex("5b22c0af225d"),
        "ENV-JSON-001");
    invalid(
        file,
        group,
        "UTF-8 encoded surrogate (ED A0 80)",
        "InvalidUtf8",
        hex("5b22eda080225d"),
        "ENV-JSON-001");
    invalid(
        file,
        group,
        "truncated sequence (E2 82)",
        "InvalidUtf8",
        hex("5b22e282225d"),
        "ENV-JSON-001");
    invalid(file, group, "byte FF", "InvalidUtf8", hex("5b22ff225d"), "ENV-JSON-001");
    invalid(
        file,
        group,
        "code point above U+10FFFF (F4 90 80 80)",
        "InvalidUtf8",
        hex("5b22f4908080225d"),
        "ENV-JSON-001");
    invalid(
        file,
        group,
        "1e309 overflows a double",
        "NumberOutOfRange",
        utf8("[1e309]"),
        "ENV-JSON-004");
    invalid(
        file,
        group,
        "-1e309 overflows a double",
        "NumberOutOfRange",
        utf8("[-1e309]"),
        "ENV-JSON-004");
    invalid(
        file,
        group,
        "an integer of 310 digits overflows a double",
        "NumberOutOfRange",
        utf8("[1" + "0".repeat(309) + "]"),
        "ENV-JSON-004");
    invalid(
        file,
        group,
        "1.7976931348623159e308 rounds to infinity",
        "NumberOutOfRange",
        utf8("[1.7976931348623159e308]"),
        "ENV-JSON-004");
    invalid(file, group, "NaN is not JSON", "NotJson", utf8("[NaN]"), "ENV-JSON-005");
    invalid(file, group, "Infinity is not JSON", "NotJson", utf8("[Infinity]"), "ENV-JSON-005");
    invalid(file, group, "leading zero", "NotJson", utf8("[01]"), "ENV-JSON-005");
    invalid(file, group, "trailing comma", "NotJson", utf8("[1,]"), "ENV-JSON-005");
    invalid(file, group, "comment", "NotJson", utf8("[1]/* c */"), "ENV-JSON-005");
    invalid(file, group, "byte order mark", "NotJson", hex("efbbbf7b7d"), "ENV-JSON-005");
    invalid(file, group, "trailing content", "NotJson", utf8("{} {}"), "ENV-JSON-005");
    invalid(file, group, "single quotes", "NotJson", utf8("{'a':1}"), "ENV-JSON-005");
    invalid(
        file,
        group,
        "unescaped control character in a string",
        "NotJson",
        hex("5b2209225d"),
        "ENV-JSON-005");
    invalid(file, group, "empty input", "NotJson", new byte[0], "ENV-JSON-005");
    invalid(
        file,
        group,
        "33 nested arrays: one past the depth limit",
        "TooDeep",
        utf8("[".repeat(33) + "]".repeat(33)),
        "ENV-LIM-002");
  }

  /** Cases added with spec 0.4.0 (at the end, so that earlier tcIds stay as they were). */
  private static void since040(VectorFile file) {
    ObjectNode group = file.group("JcsCanonicalize");
    group.put("source", "web4 conformance kit, spec 0.4.0 (ENV-JSON-006, ENV-LIM-002)");
    valid(
        file,
        group,
        "U+FDCF, U+FDF0, U+FFFD, U+FEFF and U+10FFFD are not noncharacters",
        "NextToNoncharacter",
        utf8("[\"\\ufdcf\\ufdf0\\ufffd\\ufeff\\udbff\\udffd\"]"),
        utf8("[\"\ufdcf\ufdf0\ufffd\ufeff\udbff\udffd\"]"));
    valid(
        file,
        group,
        "a scalar inside 32 nested arrays: scalars add no depth",
        "Nesting",
        utf8("[".repeat(32) + " 1 " + "]".repeat(32)),
        utf8("[".repeat(32) + "1" + "]".repeat(32)));
    valid(file, group, "a top-level number has depth 0", "Nesting", utf8("7"), utf8("7"));
    String[][] escaped = {
      {"U+FDD0, the first of the range", "[\"\\ufdd0\"]"},
      {"U+FDEF, the last of the range", "[\"a\\uFDEFb\"]"},
      {"U+FFFE", "[\"\\ufffe\"]"},
      {"U+FFFF", "[\"\\uffff\"]"},
      {"U+1FFFE as a surrogate pair", "[\"\\ud83f\\udffe\"]"},
      {"U+10FFFF as a surrogate pair", "[\"\\udbff\\udfff\"]"},
      {"U+FDD5 in a member name", "{\"\\ufdd5\":1}"},
    };
    for (String[] c : escaped) {
      invalid(file, group, c[0] + ", escaped", "Noncharacter", utf8(c[1]), "ENV-JSON-006");
    }
    String[][] raw = {
      {"U+FDD0 as UTF-8 (EF B7 90)", "5b22efb790225d"},
      {"U+FFFE as UTF-8 (EF BF BE)", "5b22efbfbe225d"},
      {"U+FFFF as UTF-8 (EF BF BF)", "5b22efbfbf225d"},
      {"U+2FFFF as UTF-8 (F0 AF BF BF)", "5b22f0afbfbf225d"},
      {"U+10FFFE as UTF-8 (F4 8F BF BE)", "5b22f48fbfbe225d"},
      {"U+FFFF as UTF-8 in a member name", "7b2278efbfbf223a747275657d"},
    };
    for (String[] c : raw) {
      invalid(file, group, c[0], "Noncharacter", hex(c[1]), "ENV-JSON-006");
    }
  }

  /**
   * Cases added with spec 0.5.0 (ENV-LIM-003), at the end so that earlier tcIds stay. The 65,536
   * values of ENV-LIM-004 are checked by scenarios (features/envelope/limits.feature): as vectors
   * they would add half a megabyte of hex.
   */
  private static void since050(VectorFile file) {
    ObjectNode group = file.group("JcsCanonicalize");
    group.put("source", "web4 conformance kit, spec 0.5.0 (ENV-LIM-003)");
    String digits = "1234567890".repeat(410);
    valid(
        file,
        group,
        "a fraction of 4,096 characters",
        "NumberLength",
        utf8("[0." + digits.substring(0, 4094) + "]"),
        utf8("[0.12345678901234568]"));
    valid(
        file,
        group,
        "a negative number of 4,096 characters, its exponent padded with zeros",
        "NumberLength",
        utf8("[-2.5e-" + "0".repeat(4089) + "1]"),
        utf8("[-0.25]"));
    invalid(
        file,
        group,
        "a fraction of 4,097 characters",
        "NumberLength",
        utf8("[0." + digits.substring(0, 4095) + "]"),
        "ENV-LIM-003");
    invalid(
        file,
        group,
        "a negative number of 4,097 characters with the value -0.25",
        "NumberLength",
        utf8("[-2.5e-" + "0".repeat(4090) + "1]"),
        "ENV-LIM-003");
    invalid(
        file,
        group,
        "an integer of 4,097 digits: refused for its length (and its range, ENV-JSON-004)",
        "NumberLength",
        utf8("[1" + "0".repeat(4096) + "]"),
        "ENV-LIM-003");
  }

  private static void valid(
      VectorFile file,
      ObjectNode group,
      String comment,
      String flag,
      byte[] input,
      byte[] expected) {
    byte[] actual;
    try {
      actual = JsonCanonicalizer.canonicalize(input);
    } catch (JsonViolation e) {
      throw new IllegalStateException("reference refuses a valid case: " + comment, e);
    }
    if (!java.util.Arrays.equals(actual, expected)) {
      throw new IllegalStateException(
          "reference disagrees with the independent expectation for: "
              + comment
              + "\n  expected "
              + new String(expected, StandardCharsets.UTF_8)
              + "\n  actual   "
              + new String(actual, StandardCharsets.UTF_8));
    }
    ObjectNode fields = VectorFile.fields();
    fields.put("input", HEX.formatHex(input));
    fields.put("expected", HEX.formatHex(expected));
    file.test(group, comment, List.of(flag), "valid", requirementsFor(flag), fields);
  }

  private static void invalid(
      VectorFile file,
      ObjectNode group,
      String comment,
      String flag,
      byte[] input,
      String requirement) {
    try {
      JsonCanonicalizer.canonicalize(input);
      throw new IllegalStateException("reference accepts an invalid case: " + comment);
    } catch (JsonViolation expected) {
      // the reference agrees
    }
    ObjectNode fields = VectorFile.fields();
    fields.put("input", HEX.formatHex(input));
    file.test(group, comment, List.of(flag), "invalid", List.of(requirement), fields);
  }

  private static List<String> requirementsFor(String flag) {
    switch (flag) {
      case "NumberFormat":
        return List.of("ENV-JCS-001", "ENV-JCS-003");
      case "MemberOrder":
        return List.of("ENV-JCS-001", "ENV-JCS-002");
      case "StringEscaping":
        return List.of("ENV-JCS-001", "ENV-JCS-004");
      case "Nesting":
        return List.of("ENV-JCS-001", "ENV-LIM-002");
      case "NumberLength":
        return List.of("ENV-JCS-001", "ENV-LIM-003");
      default:
        return List.of("ENV-JCS-001");
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hex(String h) {
    return HEX.parseHex(h);
  }
}

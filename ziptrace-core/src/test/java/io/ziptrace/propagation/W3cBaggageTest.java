package io.ziptrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ziptrace.propagation.W3cBaggage.Member;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The rules of the W3C Baggage header format, one test each, as {@link W3cBaggage} reads and writes them. */
class W3cBaggageTest {
  static final Predicate<String> ALL = key -> true;

  static List<Member> parse(String... fields) {
    return W3cBaggage.parse(Arrays.asList(fields), ALL);
  }

  static Member m(String key, String value) {
    return new Member(key, value);
  }

  /** {@code count} members {@code k0=v0,k1=v1,...}. */
  static String members(int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) out.append(i == 0 ? "" : ",").append('k').append(i).append("=v").append(i);
    return out.toString();
  }

  // --- reading: the list ---

  @Test
  void membersAreReadInOrder() {
    assertThat(parse("userId=alice,serverNode=DF%2028,isProduction=false"))
        .containsExactly(m("userId", "alice"), m("serverNode", "DF 28"), m("isProduction", "false"));
  }

  @Test
  void severalFieldsAreCombinedAsOneList() {
    assertThat(parse("userId=alice", "serverNode=DF%2028,isProduction=false"))
        .containsExactly(m("userId", "alice"), m("serverNode", "DF 28"), m("isProduction", "false"));
  }

  @Test
  void absentOrEmptyInputGivesAnEmptyList() {
    assertThat(W3cBaggage.parse(null, ALL)).isEmpty();
    assertThat(W3cBaggage.parse(List.of(), ALL)).isEmpty();
    assertThat(W3cBaggage.parse(Arrays.asList(null, ""), ALL)).isEmpty();
    assertThat(W3cBaggage.parse(List.of("a=1"), null)).isEmpty();
    assertThat(W3cBaggage.parse(Arrays.asList(null, "a=1", null), ALL)).containsExactly(m("a", "1"));
  }

  @Test
  void theResultCannotBeModified() {
    List<Member> members = parse("a=1");

    assertThat(members).isUnmodifiable();
  }

  @Test
  void emptyMembersAreTolerated() {
    // RFC 9110, 5.6.1: a recipient ignores empty elements of a comma-separated list.
    assertThat(parse("a=1,,b=2")).containsExactly(m("a", "1"), m("b", "2"));
    assertThat(parse(",a=1, ,\t,b=2,")).containsExactly(m("a", "1"), m("b", "2"));
    assertThat(parse(" , ,", "", ",")).isEmpty();
  }

  @Test
  void aMalformedMemberIsDroppedAndTheOthersKept() {
    assertThat(parse("a=1,b c=2,d=3,e=\"4\",f=5")).containsExactly(m("a", "1"), m("d", "3"), m("f", "5"));
  }

  // --- reading: keys ---

  @Test
  void onlyWantedKeysAreKept() {
    List<Member> members = W3cBaggage.parse(List.of("a=1,b=2,c=3,b=4"), key -> !key.equals("b"));

    assertThat(members).containsExactly(m("a", "1"), m("c", "3"));
  }

  @Test
  void wantedIsAskedAboutAKeyBeforeItsValueIsRead() {
    List<String> asked = new ArrayList<>();
    Predicate<String> wanted = key -> {
      asked.add(key);
      return key.startsWith("w");
    };

    // "u" has a value that does not decode: an unwanted member's value is never looked at. A key
    // already accepted is not asked about again; members with no '=' or no key are never asked about.
    List<Member> members = W3cBaggage.parse(List.of("w1=a,u=%zz,novalue,=x,w1=b,w2=c,u=d"), wanted);

    assertThat(members).containsExactly(m("w1", "b"), m("w2", "c"));
    assertThat(asked).containsExactly("w1", "u", "w2", "u");
  }

  @Test
  void keysAreTokens() {
    assertThat(parse("!#$%&'*+-.^_`|~09AZaz=1")).containsExactly(m("!#$%&'*+-.^_`|~09AZaz", "1"));
    for (String bad : List.of("a b", "a@b", "a(b", "a/b", "a:b", "a\"b", "a[b", "a{b", "a?b", "a\\b")) {
      assertThat(parse(bad + "=1,ok=2")).as(bad).containsExactly(m("ok", "2"));
    }
  }

  @Test
  void keysAreCaseSensitive() {
    assertThat(parse("Key=1,key=2,KEY=3")).containsExactly(m("Key", "1"), m("key", "2"), m("KEY", "3"));
  }

  @Test
  void keysAreNotPercentDecoded() {
    // '%' is a token character; only values are percent-encoded.
    assertThat(parse("a%41=1")).containsExactly(m("a%41", "1"));
  }

  @Test
  void anEmptyKeyDropsTheMember() {
    assertThat(parse("=1,b=2, =3,\t=4")).containsExactly(m("b", "2"));
  }

  @Test
  void aMissingEqualsSignDropsTheMember() {
    assertThat(parse("a,b=2,c;p=1,d : 4,e")).containsExactly(m("b", "2"));
  }

  // --- reading: values ---

  @Test
  void valuesArePercentDecodedAsUtf8() {
    assertThat(parse("k=%E2%82%AC%20%C3%BC,l=%e2%82%ac,m=Am%C3%A9lie,n=%F0%9F%98%80"))
        .containsExactly(m("k", "€ ü"), m("l", "€"), m("m", "Amélie"), m("n", "\uD83D\uDE00"));
  }

  @Test
  void valuesMayContainEqualsSigns() {
    assertThat(parse("k==a=b=,l=x=")).containsExactly(m("k", "=a=b="), m("l", "x="));
  }

  @Test
  void anEmptyValueIsKept() {
    assertThat(parse("a=,b= ,c=\t;p")).containsExactly(m("a", ""), m("b", ""), m("c", ""));
  }

  @Test
  void allBaggageOctetsAreValueCharacters() {
    StringBuilder octets = new StringBuilder();
    for (char c = 0x21; c <= 0x7e; c++) {
      if (c != '"' && c != ',' && c != ';' && c != '\\' && c != '%') octets.append(c);
    }

    assertThat(parse("k=" + octets)).containsExactly(m("k", octets.toString()));
  }

  @Test
  void charactersOutsideBaggageOctetsDropTheMember() {
    for (String bad : List.of("a\"b", "a\\b", "a b", "a\tb", "a\u007fb")) {
      assertThat(parse("k=" + bad + ",ok=1")).as(bad).containsExactly(m("ok", "1"));
    }
  }

  @Test
  void badPercentEncodingDropsTheMemberWhole() {
    // A literal '%' must itself be encoded, so a '%' that starts no escape is a value written against the spec.
    for (String bad : List.of("%zz", "%4", "a%4", "%", "%g1", "%1g", "100%", "%%41", "%4;p")) {
      assertThat(parse("k=" + bad + ",ok=1")).as(bad).containsExactly(m("ok", "1"));
      assertThat(parse("ok=1,k=" + bad)).as(bad + " at the end").containsExactly(m("ok", "1"));
    }
  }

  @Test
  void invalidUtf8BecomesTheReplacementCharacter() {
    // The spec requires escapes that are not UTF-8 to decode to U+FFFD, not to fail the member.
    assertThat(parse("a=%FF,b=x%C3,c=%C3A")).containsExactly(m("a", "\uFFFD"), m("b", "x\uFFFD"), m("c", "\uFFFDA"));
    // An overlong form and an encoded surrogate are not UTF-8 either.
    assertThat(parse("d=%C0%AF,e=%ED%A0%80z")).hasSize(2)
        .allSatisfy(member -> assertThat(member.value()).startsWith("\uFFFD").doesNotContain("/"));
  }

  @Test
  void whitespaceAroundKeysValuesAndSeparatorsIsIgnored() {
    assertThat(parse(" \t k \t = \t v \t ; \t p \t = \t x \t ; q \t , \t k2 = v2 \t "))
        .containsExactly(m("k", "v"), m("k2", "v2"));
  }

  @Test
  void whitespaceInsideAValueDropsTheMember() {
    assertThat(parse("a=b c,d=e\tf,ok=1")).containsExactly(m("ok", "1"));
  }

  // --- reading: properties ---

  @Test
  void propertiesAreIgnored() {
    assertThat(parse("k=v;p;q=1;p=%E2%82%AC;r=,l=w;x"))
        .containsExactly(m("k", "v"), m("l", "w"));
  }

  @Test
  void aMalformedPropertyDropsTheMember() {
    // property = key OWS "=" OWS value / key OWS: a property is part of its member's grammar.
    for (String bad : List.of(";", ";;p", "; ;p", ";=x", ";p q", ";p=a b", ";p=%zz", ";p@=1", ";p=\"x\"", ";é")) {
      assertThat(parse("k=v" + bad + ",ok=1")).as(bad).containsExactly(m("ok", "1"));
    }
  }

  // --- reading: hostile bytes ---

  @Test
  void crAndLfDropTheMember() {
    assertThat(parse("a=1\r\n,b=2,c\n=3,d=\r4,e=5;p\n,f=6")).containsExactly(m("b", "2"), m("f", "6"));
    assertThat(parse("a=1\r\n b=2")).isEmpty();
  }

  @Test
  void controlCharactersDropTheMember() {
    for (char c : new char[] {0, 1, 0x1f, 0x7f, 0x0b, 0x0c}) {
      assertThat(parse("a" + c + "=1,b=2" + c + ",c=3,d=4;" + c + ",e=5")).as("U+%04X", (int) c)
          .containsExactly(m("c", "3"), m("e", "5"));
    }
  }

  @Test
  void nonAsciiCharactersDropTheMember() {
    // The header carries only ASCII; anything else must arrive percent-encoded.
    assertThat(parse("a=é,ü=1,c=€,d=\uD83D\uDE00,e=\uD800,f=\uDC00x,g=6,h=\u00a0"))
        .containsExactly(m("g", "6"));
  }

  // --- reading: repeated keys ---

  @Test
  void aRepeatedKeyKeepsItsLastValueAtItsFirstPlace() {
    assertThat(parse("a=1,b=2,a=3")).containsExactly(m("a", "3"), m("b", "2"));
    assertThat(parse("a=1,b=2", "b=3,a=4")).containsExactly(m("a", "4"), m("b", "3"));
  }

  @Test
  void aMalformedRepeatDoesNotReplaceTheValue() {
    assertThat(parse("a=1,a=%zz,a=x y,a")).containsExactly(m("a", "1"));
  }

  // --- reading: limits ---

  @Test
  void aHeaderOf8192BytesIsReadWhole() {
    String header = "a=1,b=" + "x".repeat(8192 - 6);
    assertThat(header).hasSize(8192);

    assertThat(parse(header)).containsExactly(m("a", "1"), m("b", "x".repeat(8186)));
  }

  @Test
  void aHeaderOver8192BytesIsReadOnlyUpToTheLimit() {
    // Limits: past 64 members or 8192 bytes, whole members may be dropped until both hold (which
    // ones is the implementation's choice), but no part of a member may be passed on.
    String header = "a=1,b=" + "x".repeat(8192 - 6) + "y,c=3";

    assertThat(parse(header)).containsExactly(m("a", "1"));
  }

  @Test
  void aMemberEndingAtTheLimitIsKept() {
    String header = "a=1,b=" + "x".repeat(8192 - 6) + ",c=3";

    assertThat(parse(header)).containsExactly(m("a", "1"), m("b", "x".repeat(8186)));
  }

  @Test
  void theLimitAppliesToAllFieldsCombined() {
    String half = "a=" + "x".repeat(4094); // 4096 bytes

    assertThat(parse(half, "b=" + "y".repeat(4093))).hasSize(2); // 4096 + ',' + 4095 = 8192
    assertThat(parse(half, "b=" + "y".repeat(4094))).containsExactly(m("a", "x".repeat(4094))); // 8193
    assertThat(parse(half, "b=" + "y".repeat(4093), "c=1")).hasSize(2); // nothing fits after 8192
  }

  @Test
  void theLimitCountsUtf8Bytes() {
    // 1,000 'é' are 1,000 chars but 2,000 bytes: the header is 8,190 chars and 9,190 bytes.
    String header = "x=" + "é".repeat(1000) + ",a=1,b=" + "y".repeat(7181);
    assertThat(header).hasSize(8190);

    assertThat(parse(header)).containsExactly(m("a", "1"));
  }

  @Test
  void atMost64MembersAreKept() {
    List<Member> members = parse(members(100));

    assertThat(members).hasSize(64);
    assertThat(members.get(0)).isEqualTo(m("k0", "v0"));
    assertThat(members.get(63)).isEqualTo(m("k63", "v63"));
  }

  @Test
  void theMemberLimitCountsKeptMembersOnly() {
    String header = members(100) + ",wanted=1";

    assertThat(W3cBaggage.parse(List.of(header), key -> key.startsWith("w"))).containsExactly(m("wanted", "1"));
    assertThat(parse("bad,".repeat(100) + "a=1")).containsExactly(m("a", "1"));
  }

  @Test
  void aRepeatedKeyStillUpdatesOnceTheListIsFull() {
    List<Member> members = parse(members(70) + ",k0=last");

    assertThat(members).hasSize(64);
    assertThat(members.get(0)).isEqualTo(m("k0", "last"));
  }

  @Test
  void tenThousandMembersStayBounded() {
    List<String> asked = new ArrayList<>();
    List<Member> members = W3cBaggage.parse(List.of(members(10_000)), key -> asked.add(key));

    assertThat(members).hasSize(64);
    assertThat(asked).hasSize(64); // no new key is considered once the list is full
  }

  @Test
  void aOneMegabyteHeaderIsReadOnlyUpToTheLimit() {
    List<String> asked = new ArrayList<>();
    String header = "a=1," + "x=y,".repeat(262_144) + "wanted=1";
    assertThat(header.length()).isGreaterThan(1 << 20);

    List<Member> members = W3cBaggage.parse(List.of(header), key -> asked.add(key) && key.length() == 1 && !key.equals("x"));

    assertThat(members).containsExactly(m("a", "1"));
    assertThat(asked).hasSize(1 + (8192 - 4) / 4); // the keys in the first 8192 bytes, and no others
    assertThat(parse("a=" + "x".repeat(1 << 20))).isEmpty();
  }

  @Test
  void aHeaderWithNothingWantedAllocatesLittle() throws Exception {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < 40; i++) header.append(i == 0 ? "" : ",").append("key").append(i).append('=').append("v%20".repeat(48));
    List<String> fields = List.of(header.toString()); // 40 members, 7,9xx bytes
    Predicate<String> none = key -> false;
    for (int i = 0; i < 2_000; i++) W3cBaggage.parse(fields, none);

    int calls = 1_000;
    long before = allocatedBytes();
    for (int i = 0; i < calls; i++) W3cBaggage.parse(fields, none);
    long after = allocatedBytes();
    assumeThat(before).as("the JVM counts a thread's allocations").isNotNegative();

    // The 40 keys are allocated to ask about them (about 50 bytes each); no value is copied or decoded.
    assertThat((after - before) / calls).isLessThan(header.length() / 2);
  }

  /**
   * The bytes this thread has allocated, or -1 when the JVM does not say. Reflective, since these
   * tests are compiled into a module that reads no management module.
   */
  static long allocatedBytes() throws Exception {
    Class<?> bean;
    try {
      bean = Class.forName("com.sun.management.ThreadMXBean");
    } catch (ClassNotFoundException e) {
      return -1L;
    }
    Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    if (!bean.isInstance(threads)) return -1L;
    return (Long) bean.getMethod("getCurrentThreadAllocatedBytes").invoke(threads);
  }

  // --- writing ---

  @Test
  void formatJoinsMembersWithCommasAndNoWhitespace() {
    assertThat(W3cBaggage.format(List.of(m("userId", "alice"), m("serverNode", "DF 28"), m("isProduction", "false"))))
        .isEqualTo("userId=alice,serverNode=DF%2028,isProduction=false");
    assertThat(W3cBaggage.format(List.of(m("a", "")))).isEqualTo("a=");
  }

  @Test
  void formatGivesNullWhenNothingIsWritten() {
    assertThat(W3cBaggage.format(null)).isNull();
    assertThat(W3cBaggage.format(List.of())).isNull();
    assertThat(W3cBaggage.format(Arrays.asList(null, m("a b", "1"), m("a", null)))).isNull();
    assertThat(W3cBaggage.format(List.of(m("a", "x".repeat(8191))))).isNull();
  }

  @Test
  void formatPercentEncodesWhatIsNotABaggageOctetAndThePercentSign() {
    assertThat(W3cBaggage.format(List.of(m("k", "a b\t\"c,d;e\\f%g=h\u007f\u0000\r\n"))))
        .isEqualTo("k=a%20b%09%22c%2Cd%3Be%5Cf%25g=h%7F%00%0D%0A");
  }

  @Test
  void formatLeavesOtherBaggageOctetsAsTheyAre() {
    String octets = "!#$&'()*+-./0123456789:<=>?@ABCXYZ[]^_`abcxyz{|}~";

    assertThat(W3cBaggage.format(List.of(m("k", octets)))).isEqualTo("k=" + octets);
  }

  @Test
  void formatEncodesNonAsciiAsUtf8() {
    assertThat(W3cBaggage.format(List.of(m("k", "€ ü"), m("l", "Amélie"), m("m", "\uD83D\uDE00"))))
        .isEqualTo("k=%E2%82%AC%20%C3%BC,l=Am%C3%A9lie,m=%F0%9F%98%80");
  }

  @Test
  void formatWritesALoneSurrogateAsAQuestionMark() {
    assertThat(W3cBaggage.format(List.of(m("k", "a\uD800b\uDC00")))).isEqualTo("k=a?b?");
  }

  @Test
  void formatSkipsMembersWithANonTokenKeyOrANullValue() {
    List<Member> members = Arrays.asList(m(null, "1"), m("", "2"), m("a b", "3"), m("é", "4"), m("a=", "5"),
        m("ok", null), null, m("ok", "6"));

    assertThat(W3cBaggage.format(members)).isEqualTo("ok=6");
  }

  @Test
  void formatWritesARepeatedKeyOnceWithItsLastValue() {
    assertThat(W3cBaggage.format(List.of(m("a", "1"), m("b", "2"), m("a", "3")))).isEqualTo("a=3,b=2");
  }

  @Test
  void formatWritesAtMost64Members() {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < 100; i++) members.add(m("k" + i, "v"));

    String header = W3cBaggage.format(members);

    assertThat(header.split(",")).hasSize(64).endsWith("k63=v");
  }

  @Test
  void formatWritesAtMost8192BytesAndNoPartOfAMember() {
    String exactly = W3cBaggage.format(List.of(m("a", "1"), m("b", "x".repeat(8186))));
    assertThat(exactly).hasSize(8192);

    assertThat(W3cBaggage.format(List.of(m("a", "1"), m("b", "x".repeat(8187))))).isEqualTo("a=1");
    // Encoding counts: 2,730 spaces are 8,190 bytes once encoded.
    assertThat(W3cBaggage.format(List.of(m("c", " ".repeat(2730))))).hasSize(8192);
    assertThat(W3cBaggage.format(List.of(m("c", " ".repeat(2731))))).isNull();
  }

  @Test
  void formatTriesTheMembersAfterOneThatDoesNotFit() {
    // Which members to drop is the implementation's choice, and as much as is reasonable should be passed on.
    assertThat(W3cBaggage.format(List.of(m("a", "1"), m("big", "x".repeat(9000)), m("c", "3")))).isEqualTo("a=1,c=3");
  }

  // --- both ways ---

  @Test
  void formatThenParseGivesTheMembersBack() {
    StringBuilder ascii = new StringBuilder();
    for (char c = 0; c < 128; c++) ascii.append(c);
    List<Member> members = List.of(m("euro", "€ ü"), m("separators", ",;=%"), m("ascii", ascii.toString()),
        m("empty", ""), m("spaces", "  a  "), m("emoji", "\uD83D\uDE00 \u4E2D\u6587"), m("encoded", "%20%zz"),
        m("replacement", "\uFFFD"));

    assertThat(W3cBaggage.parse(List.of(W3cBaggage.format(members)), ALL)).isEqualTo(members);
  }

  @Test
  void parseThenFormatWritesTheCanonicalForm() {
    String header = W3cBaggage.format(parse(" a = 1 ; p , b=%41%e2%82%ac "));

    assertThat(header).isEqualTo("a=1,b=A%E2%82%AC");
  }
}

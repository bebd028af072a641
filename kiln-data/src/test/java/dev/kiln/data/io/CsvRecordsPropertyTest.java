package dev.kiln.data.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any table of fields, written with Kiln's CSV quoting and any line ending, reads back to the same
 * fields, and each record reports the physical line it starts on.
 */
class CsvRecordsPropertyTest {
  @Provide
  Arbitrary<List<List<String>>> tables() {
    Arbitrary<String> field =
        Arbitraries.strings().withChars("ab ,\"\n\r\t\u00e9\u4e2d").ofMaxLength(6);
    return Arbitraries.integers()
        .between(1, 4)
        .flatMap(width -> field.list().ofSize(width).list().ofMinSize(1).ofMaxSize(8));
  }

  @Property(tries = 300)
  void writtenRecordsReadBackWithTheirStartLines(
      @ForAll("tables") List<List<String>> table, @ForAll boolean crlf) throws IOException {
    String eol = crlf ? "\r\n" : "\n";
    StringBuilder csv = new StringBuilder();
    List<Long> starts = new ArrayList<>();
    long line = 1;
    for (List<String> record : table) {
      starts.add(line);
      List<String> encoded = new ArrayList<>();
      for (String f : record) {
        // Always quote a field that could otherwise read as a blank or partial record.
        String e = FrameWriter.quote(f, ',');
        encoded.add(e.startsWith("\"") || !f.isEmpty() ? e : "\"\"");
      }
      String text = String.join(",", encoded);
      csv.append(text).append(eol);
      line += 1 + countLineBreaks(text);
    }
    try (CsvRecords records = new CsvRecords(new StringReader(csv.toString()), ',')) {
      for (int i = 0; i < table.size(); i++) {
        assertThat(records.next()).isEqualTo(table.get(i));
        assertThat(records.recordLine()).isEqualTo(starts.get(i));
      }
      assertThat(records.next()).isNull();
    }
  }

  /** Line breaks as a reader counts them: CRLF, LF and a lone CR inside quotes count once each. */
  private static long countLineBreaks(String s) {
    return s.chars().filter(c -> c == '\n').count();
  }
}

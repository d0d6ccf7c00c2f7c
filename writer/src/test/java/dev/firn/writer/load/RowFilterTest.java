package dev.firn.writer.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RowFilterTest {
  @Test
  void parsesConjunctionsOfPredicates() {
    assertThat(RowFilter.parse("day = '2026-11-21' and n >= 3 and r in ('a', 'it''s')").toString())
        .isEqualTo(
            "((ref(name=\"day\") == \"2026-11-21\" and ref(name=\"n\") >= 3) and ref(name=\"r\") in (\"a\", \"it's\"))");
    assertThat(RowFilter.parse("x is not null").toString()).isEqualTo("not_null(ref(name=\"x\"))");
    assertThat(RowFilter.parse("x is null and y != 1.5").toString())
        .isEqualTo("(is_null(ref(name=\"x\")) and ref(name=\"y\") != 1.5)");
  }

  @Test
  void refusesWhatItCannotRead() {
    assertThatThrownBy(() -> RowFilter.parse("day ~ 3"))
        .hasMessageStartingWith("Invalid filter: day ~ 3");
    assertThatThrownBy(() -> RowFilter.parse("day =")).hasMessageContaining("it ends too early");
    assertThatThrownBy(() -> RowFilter.parse("a = 1 or b = 2"))
        .hasMessageContaining("expected and");
  }
}

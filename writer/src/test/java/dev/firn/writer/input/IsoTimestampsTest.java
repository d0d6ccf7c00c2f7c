package dev.firn.writer.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimestampsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-21T10:15:30Z",
        "2026-11-21T10:15:30.1+01:00",
        "2026-11-21 10:15:30.123456789-05:30",
        "1969-12-31T23:59:59.000001z",
        "2024-02-29T00:00:00+14:00"
      })
  void agreesWithJavaTimeOnOffsetDateTimes(String text) {
    OffsetDateTime expected =
        OffsetDateTime.parse(text.replace(' ', 'T').replace('z', 'Z'))
            .withOffsetSameInstant(ZoneOffset.UTC);
    assertThat(IsoTimestamps.withOffset(text)).isEqualTo(expected);
    assertThat(IsoTimestamps.withoutOffset(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"2026-11-21T10:15:30", "2026-11-21 10:15:30.5", "0001-01-01T00:00:00.123"})
  void agreesWithJavaTimeOnLocalDateTimes(String text) {
    assertThat(IsoTimestamps.withoutOffset(text))
        .isEqualTo(LocalDateTime.parse(text.replace(' ', 'T')));
    assertThat(IsoTimestamps.withOffset(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-21",
        "2026-11-21T10:15",
        "2026-11-21T10:15:30+0100",
        "x026-11-21T10:15:30",
        "2026-11-21T10:15:30.Z",
        "2026-11-21T10:15:30.1234567890Z",
        "2026-11-21T10:15:30[UTC]"
      })
  void leavesOtherShapesToJavaTime(String text) {
    assertThat(IsoTimestamps.withOffset(text)).isNull();
    assertThat(IsoTimestamps.withoutOffset(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"2026-02-30T10:15:30Z", "2026-11-21T24:15:30Z", "2026-11-21T10:15:30+19:00"})
  void refusesImpossibleValues(String text) {
    assertThatThrownBy(() -> IsoTimestamps.withOffset(text)).isInstanceOf(DateTimeException.class);
  }
}

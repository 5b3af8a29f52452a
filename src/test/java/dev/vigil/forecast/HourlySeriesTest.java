package dev.vigil.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HourlySeriesTest {

  @TempDir
  Path dir;

  @Test
  void sortsRowsAndAveragesAnHourTheClockRepeated() throws IOException {
    HourlySeries series = read("Datetime,PJME_MW\n02-11-2014 02:00,110\n02-11-2014 01:00,100\n02-11-2014 01:00,120\n");

    assertThat(series.size()).isEqualTo(2);
    assertThat(series.repeatedRows()).isEqualTo(1);
    assertThat(series.first()).isEqualTo(LocalDateTime.of(2014, 11, 2, 1, 0));
    assertThat(series.exactly(LocalDateTime.of(2014, 11, 2, 1, 0))).isEqualTo(110.0);
  }

  @Test
  void aSkippedHourBorrowsTheHourBeforeButALongGapStaysUnknown() throws IOException {
    HourlySeries series = read("Datetime,PJME_MW\n09-03-2014 01:00,100\n09-03-2014 03:00,130\n");

    assertThat(series.exactly(LocalDateTime.of(2014, 3, 9, 2, 0))).isNaN();
    assertThat(series.at(LocalDateTime.of(2014, 3, 9, 2, 0))).isEqualTo(100.0);
    assertThat(series.at(LocalDateTime.of(2014, 3, 9, 7, 0))).isNaN();
  }

  @Test
  void dayMeanNeedsEveryHourOfTheDay() throws IOException {
    StringBuilder csv = new StringBuilder("Datetime,V\n");
    for (int h = 0; h < 24; h++) {
      csv.append(String.format("01-06-2016 %02d:00,%d%n", h, h));
    }
    HourlySeries series = read(csv.toString());

    assertThat(series.dayMean(LocalDate.of(2016, 6, 1))).isEqualTo(11.5);
    assertThat(series.dayMean(LocalDate.of(2016, 6, 2))).isNaN();
  }

  @Test
  void rejectsALineThatIsNotAnHourAndANumberNamingTheLine() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "Datetime,V\n01-06-2016 00:00,5\n2016-06-01T01:00,6\n");

    assertThatThrownBy(() -> HourlySeries.readPjmCsv(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("line 3");
  }

  @Test
  void rejectsANonFiniteValue() throws IOException {
    Path file = dir.resolve("nan.csv");
    Files.writeString(file, "Datetime,V\n01-06-2016 00:00,NaN\n");

    assertThatThrownBy(() -> HourlySeries.readPjmCsv(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("line 2");
  }

  private HourlySeries read(String csv) throws IOException {
    Path file = dir.resolve("series.csv");
    Files.writeString(file, csv);
    return HourlySeries.readPjmCsv(file);
  }
}

package dev.vigil.energy;

/**
 * One minute of one metric of one device, as {@code reading_rollups} keeps it: the minute's start (epoch
 * seconds), how many readings, their sum, and their first and last value (min and max stand in for rows
 * rolled up before those were kept).
 */
public record MinuteRow(long minute, int count, double sum, double first, double last) {

  public double mean() {
    return sum / count;
  }
}

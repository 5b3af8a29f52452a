package dev.vigil.energy;

import java.util.List;

/**
 * One device's energy over a range: its slots, the gaps in its readings, how many counter resets were
 * seen, and where the figures came from ({@code counter}: an {@code energy_kwh} counter used as is;
 * {@code power}: {@code power_w} integrated; {@code none}: neither was reported).
 */
public record DeviceSeries(Slots slots, List<Gap> gaps, int counterResets, String source) {
}

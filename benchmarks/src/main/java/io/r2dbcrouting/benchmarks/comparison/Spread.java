package io.r2dbcrouting.benchmarks.comparison;

import java.util.Locale;

/**
 * The mean of a few values (one per round) and how far they spread: minimum, maximum and sample standard deviation.
 * NaN values are left out; with none left, every field is NaN and {@code count} is 0.
 */
record Spread(double mean, double min, double max, double stdev, int count) {

    static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    static Spread of(double... values) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int count = 0;
        for (double value : values) {
            if (Double.isNaN(value)) {
                continue;
            }
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
            count++;
        }
        if (count == 0) {
            return NONE;
        }
        double mean = sum / count;
        double squares = 0;
        for (double value : values) {
            if (!Double.isNaN(value)) {
                squares += (value - mean) * (value - mean);
            }
        }
        double stdev = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
        return new Spread(mean, min, max, stdev, count);
    }

    boolean isEmpty() {
        return this.count == 0;
    }

    /** {@code mean (min–max)} with the given number of decimals, or {@code –} when empty. */
    String format(int decimals) {
        if (isEmpty()) {
            return "–";
        }
        String pattern = "%." + decimals + "f";
        String mean = String.format(Locale.ROOT, pattern, this.mean);
        if (this.count == 1) {
            return mean;
        }
        return mean + " (" + String.format(Locale.ROOT, pattern, this.min) + "–"
                + String.format(Locale.ROOT, pattern, this.max) + ")";
    }

}

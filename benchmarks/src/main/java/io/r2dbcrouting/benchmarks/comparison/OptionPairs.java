package io.r2dbcrouting.benchmarks.comparison;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command lines of {@link ComparisonMain} and {@link ContenderAgent}: {@code --name value} pairs.
 */
final class OptionPairs {

    private OptionPairs() {
    }

    /**
     * Reads {@code --name value} pairs into a map from name (without the dashes) to value; a later pair replaces an
     * earlier one of the same name.
     *
     * @param known the names allowed, without the dashes
     * @throws IllegalArgumentException naming the argument that is not a pair or not known
     */
    static Map<String, String> parse(String[] args, List<String> known) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got '" + name + "'"
                        + (i + 1 >= args.length ? " without a value" : ""));
            }
            if (!known.contains(name.substring(2))) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            options.put(name.substring(2), args[++i]);
        }
        return options;
    }

}

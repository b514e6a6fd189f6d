package org.example.tally;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Word counts of a text, most frequent first, ties in alphabetical order. */
public final class Tally {
    private final Set<String> stopwords;

    public Tally(Set<String> stopwords) {
        this.stopwords = stopwords;
    }

    public Map<String, Integer> count(String text) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (!word.isEmpty() && !stopwords.contains(word)) counts.merge(word, 1, Integer::sum);
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    public static String toJson(Map<String, Integer> counts) {
        StringBuilder out = new StringBuilder("{");
        counts.forEach((word, n) -> {
            if (out.length() > 1) out.append(',');
            out.append('"').append(word.replace("\\", "\\\\").replace("\"", "\\\"")).append("\":").append(n);
        });
        return out.append('}').toString();
    }
}

package io.r2dbcrouting.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetSelectorUnitTests {

    private static Map<String, Integer> count(TargetSelector<String> selector, int picks) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(selector.next(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinIsExactOverEveryWindowAndSpreadsTheHeavyTarget() {
        TargetSelector<String> selector = TargetSelector.of(List.of("a", "b", "c"), new int[] {5, 1, 1}, false);
        StringBuilder sequence = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            sequence.append(selector.next());
        }
        assertThat(sequence).hasToString("aabacaa");      // smooth: b and c are not bunched at the end
        assertThat(count(selector, 700)).containsEntry("a", 500).containsEntry("b", 100).containsEntry("c", 100);
    }

    @Test
    void roundRobinStaysExactUnderConcurrency() {
        TargetSelector<String> selector = TargetSelector.of(List.of("a", "b"), new int[] {2, 1}, false);
        Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        IntStream.range(0, 30_000).parallel().forEach(i -> counts.computeIfAbsent(selector.next(), k -> new LongAdder()).increment());
        assertThat(counts.get("a").sum()).isEqualTo(20_000);
        assertThat(counts.get("b").sum()).isEqualTo(10_000);
    }

    @Test
    void randomHonoursWeights() {
        TargetSelector<String> selector = TargetSelector.of(List.of("a", "b"), new int[] {3, 1}, true);
        Map<String, Integer> counts = count(selector, 40_000);
        // expected 30 000 : 10 000; the standard deviation is about 87
        assertThat(counts.get("a")).isBetween(29_300, 30_700);
        assertThat(counts.get("b")).isBetween(9_300, 10_700);
    }

    @Test
    void eligibilityFiltersCandidatesAndKeepsTheWeightsOfTheRest() {
        for (boolean random : new boolean[] {false, true}) {
            TargetSelector<String> selector = TargetSelector.of(List.of("a", "b", "c"), new int[] {1, 2, 2}, random);
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 3000; i++) {
                counts.merge(selector.next(candidate -> !candidate.equals("b")), 1, Integer::sum);
            }
            assertThat(counts).doesNotContainKey("b");
            if (!random) {
                assertThat(counts).containsEntry("a", 1000).containsEntry("c", 2000);
            }
            assertThat(selector.next(candidate -> false)).isNull();
        }
    }

    @Test
    void equalWeightsTakeTurnsInOrderAndAmongTheEligibleOnly() {
        TargetSelector<String> selector = TargetSelector.of(List.of("a", "b", "c"), new int[] {2, 2, 2}, false);
        assertThat(selector).isInstanceOf(EqualWeightRoundRobinSelector.class);
        StringBuilder sequence = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sequence.append(selector.next());
        }
        assertThat(sequence).hasToString("abcabc");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            counts.merge(selector.next(candidate -> !candidate.equals("b")), 1, Integer::sum);
        }
        assertThat(counts).containsEntry("a", 1500).containsEntry("c", 1500).doesNotContainKey("b");
        assertThat(selector.next(candidate -> false)).isNull();
    }

    @Test
    void equalWeightsStayExactUnderConcurrency() {
        TargetSelector<String> selector = TargetSelector.of(List.of("a", "b"), new int[] {1, 1}, false);
        Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        IntStream.range(0, 30_000).parallel().forEach(i -> counts.computeIfAbsent(selector.next(candidate -> true), k -> new LongAdder()).increment());
        assertThat(counts.get("a").sum()).isEqualTo(15_000);
        assertThat(counts.get("b").sum()).isEqualTo(15_000);
    }

    @Test
    void equalWeightsBeyondSixtyFourCandidatesAreAllReached() {
        List<String> many = IntStream.range(0, 70).mapToObj(i -> "r" + i).toList();
        int[] weights = new int[70];
        java.util.Arrays.fill(weights, 1);
        TargetSelector<String> selector = TargetSelector.of(many, weights, false);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 140; i++) {
            counts.merge(selector.next(candidate -> !candidate.equals("r3")), 1, Integer::sum);
        }
        assertThat(counts).hasSize(69).doesNotContainKey("r3");
        assertThat(counts.values()).allMatch(count -> count == 2 || count == 3);
    }

    @Test
    void singleCandidateIsAlwaysChosen() {
        TargetSelector<String> selector = TargetSelector.of(List.of("only"), new int[] {7}, false);
        assertThat(count(selector, 10)).containsEntry("only", 10);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> TargetSelector.of(List.of(), new int[0], false))
            .hasMessage("a selector needs at least one candidate");
        assertThatThrownBy(() -> TargetSelector.of(List.of("a"), new int[] {1, 2}, false))
            .hasMessage("candidates and weights differ in size: 1 candidates, 2 weights");
        assertThatThrownBy(() -> TargetSelector.of(List.of("a", "b"), new int[] {1, 0}, true))
            .hasMessage("weight must be positive, was 0 for candidate 1");
    }
}

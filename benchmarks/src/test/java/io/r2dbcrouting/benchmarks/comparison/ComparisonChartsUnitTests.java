package io.r2dbcrouting.benchmarks.comparison;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.r2dbcrouting.benchmarks.comparison.ComparisonTestData.notRun;
import static io.r2dbcrouting.benchmarks.comparison.ComparisonTestData.result;
import static org.assertj.core.api.Assertions.assertThat;

class ComparisonChartsUnitTests {

    @Test
    void writesBothChartsAsPngWithAPanelPerWorkload(@TempDir Path directory) throws IOException {
        ResultSummary summary = new ResultSummary(List.of(
                result(1, Workload.POINT_READ, "free-routing", 1000, 2),
                result(1, Workload.POINT_READ, "router", 990, 2.1),
                result(2, Workload.POINT_READ, "free-routing", 1100, 2),
                result(2, Workload.POINT_READ, "router", 1000, 2.2),
                result(1, Workload.MIX, "router", 800, 3),
                notRun(Workload.MIX, "multi-host", "UPDATE on a standby")));
        ComparisonCharts.write(summary, new RunInfo(Map.of("date", "today")), directory);
        BufferedImage throughput = ImageIO.read(directory.resolve(ComparisonCharts.THROUGHPUT).toFile());
        BufferedImage latency = ImageIO.read(directory.resolve(ComparisonCharts.LATENCY).toFile());
        assertThat(throughput.getWidth()).isEqualTo(2 * 560);
        assertThat(latency.getWidth()).isEqualTo(2 * 560);
        assertThat(throughput.getHeight()).isGreaterThan(latency.getHeight());
    }

    @Test
    void everyKnownContenderHasItsOwnColour() {
        assertThat(ContenderLineup.ALL.stream().map(ComparisonCharts::color).distinct()).hasSize(ContenderLineup.ALL.size());
    }

}

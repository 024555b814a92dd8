package io.r2dbcrouting.benchmarks.comparison;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The report's PNG charts, drawn with XChart: {@code throughput.png} (one panel per workload, a bar per contender in
 * a colour of its own, error bars of ± one standard deviation over the rounds) and {@code latency.png} (p50, p95 and p99 per
 * contender, one panel per workload, logarithmic axis). Contenders that cannot run a workload have no bar there.
 */
final class ComparisonCharts {

    static final String THROUGHPUT = "throughput.png";

    static final String LATENCY = "latency.png";

    private static final int PANEL_WIDTH = 560;

    private static final int PANEL_HEIGHT = 460;

    static {
        // charts are drawn into images, never on a screen
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ComparisonCharts() {
    }

    static void write(ResultSummary summary, RunInfo info, Path directory) throws IOException {
        save(throughput(summary, info), directory.resolve(THROUGHPUT));
        save(latency(summary, info), directory.resolve(LATENCY));
    }

    static BufferedImage throughput(ResultSummary summary, RunInfo info) {
        List<BufferedImage> panels = new ArrayList<>();
        for (Workload workload : summary.workloads()) {
            List<ResultSummary.Row> rows = summary.rows(workload).stream().filter(ResultSummary.Row::wasRun).toList();
            if (rows.isEmpty()) {
                continue;
            }
            CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                    .title(workload.title() + warnings(summary, rows)).yAxisTitle("operations per second").build();
            style(chart);
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setErrorBarsColor(Color.BLACK);
            chart.getStyler().setLabelsVisible(true);
            chart.getStyler().setLabelsRotation(90);
            chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            chart.getStyler().setLabelsPosition(0.5);
            chart.getStyler().setYAxisDecimalPattern("#,###");
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setXAxisTicksVisible(false);
            for (ResultSummary.Row row : rows) {
                CategorySeries series = chart.addSeries(summary.shortTitle(row.contender()), List.of(workload.title()),
                        List.of(row.throughput().mean()), List.of(row.throughput().stdev()));
                series.setFillColor(color(row.contender()));
            }
            panels.add(BitmapEncoder.getBufferedImage(chart));
        }
        Map<String, Color> legend = new LinkedHashMap<>();
        for (String contender : summary.contenders()) {
            if (summary.workloads().stream().anyMatch(workload -> summary.row(workload, contender)
                    .filter(ResultSummary.Row::wasRun).isPresent())) {
                legend.put(summary.shortTitle(contender), color(contender));
            }
        }
        return sideBySide(panels, "Throughput at " + info.get("settings.concurrency", "?")
                + " operations in flight: mean of " + summary.rounds() + " rounds, ± 1 standard deviation — "
                + info.get("date", ""), legend);
    }

    /** A bar that looks good but routes wrongly must not pass unnoticed: its error rate goes into the title. */
    private static String warnings(ResultSummary summary, List<ResultSummary.Row> rows) {
        StringBuilder warnings = new StringBuilder();
        for (ResultSummary.Row row : rows) {
            if (row.support() == WorkloadSupport.Kind.WRONG_ROUTE || row.errors() > 0) {
                warnings.append(warnings.length() == 0 ? "  (⚠ " : "; ").append(summary.shortTitle(row.contender()))
                        .append(String.format(java.util.Locale.ROOT, ": %.1f%% errors", row.errorRate() * 100));
            }
        }
        return warnings.length() == 0 ? "" : warnings.append(')').toString();
    }

    /** One colour per contender, the same in every panel; the router stands out. */
    static Color color(String contender) {
        return switch (contender) {
            case ResultSummary.DIRECT -> new Color(0x9E9E9E);
            case ResultSummary.FREE_ROUTING -> new Color(0x4C78A8);
            case ResultSummary.ROUTER -> new Color(0xE45756);
            case "router-flip" -> new Color(0xF2A0A0);
            case ResultSummary.SPRING -> new Color(0x54A24B);
            case ResultSummary.PGPOOL -> new Color(0xB279A2);
            case "multi-host" -> new Color(0xEECA3B);
            default -> new Color(0x72B7B2);
        };
    }

    static BufferedImage latency(ResultSummary summary, RunInfo info) {
        List<BufferedImage> panels = new ArrayList<>();
        for (Workload workload : summary.workloads()) {
            List<ResultSummary.Row> rows = summary.rows(workload).stream().filter(ResultSummary.Row::wasRun).toList();
            if (rows.isEmpty()) {
                continue;
            }
            CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                    .title(workload.title() + ": latency (ms, log scale)").yAxisTitle("milliseconds").build();
            style(chart);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            chart.getStyler().setSeriesColors(new Color[] {new Color(0x4C78A8), new Color(0xF58518), new Color(0xB279A2)});
            chart.getStyler().setYAxisLogarithmic(true);
            // a logarithmic axis starts at the power of ten below the fastest median
            double fastest = rows.stream().mapToDouble(row -> row.p50().mean()).filter(value -> value > 0).min()
                    .orElse(1);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(fastest))));
            chart.getStyler().setXAxisLabelRotation(35);
            List<String> contenders = rows.stream().map(row -> summary.shortTitle(row.contender())).toList();
            chart.addSeries("p50", contenders, rows.stream().map(row -> row.p50().mean()).toList());
            chart.addSeries("p95", contenders, rows.stream().map(row -> row.p95().mean()).toList());
            chart.addSeries("p99", contenders, rows.stream().map(row -> row.p99().mean()).toList());
            panels.add(BitmapEncoder.getBufferedImage(chart));
        }
        return sideBySide(panels, "Latency percentiles, mean of " + summary.rounds() + " rounds — "
                + info.get("date", ""), Map.of());
    }

    private static void style(CategoryChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBorderVisible(false);
        chart.getStyler().setLegendBorderColor(Color.WHITE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.85);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        chart.getStyler().setChartTitleBoxVisible(false);
    }

    /** Panels in a row under a title, with a legend row of coloured squares below them when one is given. */
    private static BufferedImage sideBySide(List<BufferedImage> panels, String title, Map<String, Color> legend) {
        int titleHeight = 36;
        int legendHeight = legend.isEmpty() ? 0 : 36;
        int width = Math.max(PANEL_WIDTH, panels.stream().mapToInt(BufferedImage::getWidth).sum());
        int panelHeight = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(PANEL_HEIGHT);
        BufferedImage image = new BufferedImage(width, titleHeight + panelHeight + legendHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.setColor(Color.BLACK);
            graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            graphics.drawString(title, 12, 24);
            int x = 0;
            for (BufferedImage panel : panels) {
                graphics.drawImage(panel, x, titleHeight, null);
                x += panel.getWidth();
            }
            graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            int legendX = 16;
            int legendY = titleHeight + panelHeight + 8;
            for (Map.Entry<String, Color> entry : legend.entrySet()) {
                graphics.setColor(entry.getValue());
                graphics.fillRect(legendX, legendY, 18, 18);
                graphics.setColor(Color.BLACK);
                graphics.drawString(entry.getKey(), legendX + 24, legendY + 15);
                legendX += 24 + graphics.getFontMetrics().stringWidth(entry.getKey()) + 28;
            }
        }
        finally {
            graphics.dispose();
        }
        return image;
    }

    private static void save(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
    }

}

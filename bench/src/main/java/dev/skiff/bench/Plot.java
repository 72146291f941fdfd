package dev.skiff.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A line chart as a PNG, drawn with Java2D (headless): one x axis in seconds and up to two series,
 * the first on the left axis and the second on the right, each scaled to its own maximum.
 */
final class Plot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    private static final int MARGIN = 70;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};
    private final String title;
    private final String xLabel;
    private final List<Series> series = new ArrayList<>();

    Plot(String title, String xLabel) {
        this.title = title;
        this.xLabel = xLabel;
    }

    /** Adds a series: points {@code (x[i], y[i])}; the first two series get the left and right axes. */
    Plot series(String label, double[] x, double[] y) {
        series.add(new Series(label, x, y));
        return this;
    }

    /** Draws the chart to {@code file}. */
    void write(Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, MARGIN, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int left = MARGIN;
        int right = WIDTH - MARGIN;
        int top = 45;
        int bottom = HEIGHT - 50;
        g.drawRect(left, top, right - left, bottom - top);
        double maxX = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x)).max().orElse(1);
        for (int t = 0; t <= 10; t++) {
            int px = left + (right - left) * t / 10;
            g.setColor(new Color(0xdddddd));
            g.drawLine(px, top, px, bottom);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.1f", maxX * t / 10), px - 10, bottom + 16);
        }
        g.drawString(xLabel, (left + right) / 2 - 30, bottom + 34);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            double maxY = Math.max(1, java.util.Arrays.stream(s.y).max().orElse(1) * 1.1);
            g.setColor(COLORS[i % COLORS.length]);
            g.setStroke(new BasicStroke(2f));
            for (int p = 1; p < s.x.length; p++) {
                g.drawLine(px(s.x[p - 1], maxX, left, right), py(s.y[p - 1], maxY, top, bottom),
                        px(s.x[p], maxX, left, right), py(s.y[p], maxY, top, bottom));
            }
            for (int t = 0; t <= 5; t++) {
                int py = bottom - (bottom - top) * t / 5;
                String tick = String.format(maxY >= 10 ? "%.0f" : "%.1f", maxY * t / 5);
                g.drawString(tick, i == 0 ? left - 8 - g.getFontMetrics().stringWidth(tick) : right + 6, py + 4);
            }
            g.drawString(s.label, i == 0 ? left : right - g.getFontMetrics().stringWidth(s.label), top - 4 + (i > 1 ? 0 : 0));
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static int px(double x, double maxX, int left, int right) {
        return left + (int) Math.round((right - left) * x / maxX);
    }

    private static int py(double y, double maxY, int top, int bottom) {
        return bottom - (int) Math.round((bottom - top) * y / maxY);
    }

    private record Series(String label, double[] x, double[] y) {}
}

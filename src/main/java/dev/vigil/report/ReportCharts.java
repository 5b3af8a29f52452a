package dev.vigil.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** The report's charts (JFreeChart), drawn into images at twice their size on the page, for print. */
final class ReportCharts {

  static final int SCALE = 2;
  private static final Color CONSUMED = new Color(0x2f, 0x6f, 0xb3);
  private static final Color PRODUCED = new Color(0x3a, 0x9a, 0x5b);
  private static final Color FORECAST = new Color(0xc0, 0x7a, 0x1a);

  static {
    // Charts are drawn off screen; a server has no display.
    System.setProperty("java.awt.headless", "true");
  }

  private ReportCharts() {
  }

  /** Consumption (and production, when there is any) per bucket. */
  static BufferedImage energy(SiteReport r, int width, int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    DateTimeFormatter label = DateTimeFormatter.ofPattern(switch (r.bucket()) {
      case "hour" -> "HH:mm";
      case "month" -> "yyyy-MM";
      default -> "MM-dd";
    });
    ZoneId zone = ZoneId.of(r.timeZone());
    boolean production = r.totals().productionKwh() > 0;
    for (SiteReport.BucketRow b : r.buckets()) {
      String key = label.format(b.start().atZone(zone));
      data.addValue(b.consumptionKwh(), "consumed kWh", key);
      if (production) {
        data.addValue(b.productionKwh(), "produced kWh", key);
      }
    }
    JFreeChart chart = ChartFactory.createBarChart("Energy per " + r.bucket(), null, "kWh", data,
        PlotOrientation.VERTICAL, production, false, false);
    CategoryPlot plot = styled(chart);
    BarRenderer bars = (BarRenderer) plot.getRenderer();
    bars.setSeriesPaint(0, CONSUMED);
    bars.setSeriesPaint(1, PRODUCED);
    if (r.buckets().size() > 12) {
      plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_90);
    }
    return image(chart, width, height);
  }

  /** The top consumers' kWh, as horizontal bars. */
  static BufferedImage consumers(List<SiteReport.DeviceRow> top, int width, int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    top.forEach(d -> data.addValue(d.consumptionKwh(), "kWh", d.id()));
    JFreeChart chart = ChartFactory.createBarChart("Top consumers", null, "kWh", data, PlotOrientation.HORIZONTAL,
        false, false, false);
    ((BarRenderer) styled(chart).getRenderer()).setSeriesPaint(0, CONSUMED);
    return image(chart, width, height);
  }

  /** Per day, the measured consumption beside the forecast and its interval. */
  static BufferedImage forecast(List<SiteReport.DayRow> days, int width, int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (SiteReport.DayRow d : days) {
      String key = d.day().toString().substring(5);
      data.addValue(d.actualKwh(), "measured", key);
      data.addValue(d.forecastKwh(), "forecast", key);
      data.addValue(d.lowKwh(), "interval low", key);
      data.addValue(d.highKwh(), "interval high", key);
    }
    JFreeChart chart = ChartFactory.createLineChart("Forecast vs measured (kWh per day)", null, "kWh", data,
        PlotOrientation.VERTICAL, true, false, false);
    LineAndShapeRenderer lines = (LineAndShapeRenderer) styled(chart).getRenderer();
    lines.setDefaultShapesVisible(true);
    lines.setSeriesPaint(0, CONSUMED);
    lines.setSeriesPaint(1, FORECAST);
    BasicStroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0);
    lines.setSeriesStroke(1, dashed);
    for (int s = 2; s < 4; s++) {
      lines.setSeriesPaint(s, FORECAST.brighter());
      lines.setSeriesStroke(s, new BasicStroke(0.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {2, 3}, 0));
      lines.setSeriesShapesVisible(s, false);
    }
    return image(chart, width, height);
  }

  private static CategoryPlot styled(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    plot.setOutlineVisible(false);
    plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 8));
    plot.getRangeAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
    if (plot.getRenderer() instanceof BarRenderer bars) {
      bars.setBarPainter(new StandardBarPainter());
      bars.setShadowVisible(false);
      bars.setItemMargin(0.02);
    }
    return plot;
  }

  private static BufferedImage image(JFreeChart chart, int width, int height) {
    BufferedImage image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.scale(SCALE, SCALE);
      chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    } finally {
      g.dispose();
    }
    return image;
  }
}

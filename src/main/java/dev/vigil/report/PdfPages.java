package dev.vigil.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;

/**
 * Writes a document top to bottom on A4 pages (PDFBox): headings, lines of text, tables and images, opening a
 * new page when the next one does not fit. Text the standard fonts cannot encode is shown as '?'.
 */
final class PdfPages implements AutoCloseable {

  static final float MARGIN = 48;
  static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
  private static final float BOTTOM = MARGIN;

  private final PDDocument doc;
  private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  private PDPageContentStream page;
  private float y;

  PdfPages(PDDocument doc) throws IOException {
    this.doc = doc;
    newPage();
  }

  void newPage() throws IOException {
    if (page != null) {
      page.close();
    }
    PDPage p = new PDPage(PDRectangle.A4);
    doc.addPage(p);
    page = new PDPageContentStream(doc, p);
    y = PDRectangle.A4.getHeight() - MARGIN;
  }

  /** Starts a new page unless {@code height} points still fit on this one. */
  void room(float height) throws IOException {
    if (y - height < BOTTOM) {
      newPage();
    }
  }

  void title(String text) throws IOException {
    text(text, bold, 18, MARGIN, 24);
  }

  void heading(String text) throws IOException {
    room(40);
    y -= 8;
    text(text, bold, 12, MARGIN, 18);
  }

  void line(String text) throws IOException {
    text(text, regular, 10, MARGIN, 14);
  }

  /** A row of cells at the given x offsets (from the margin); the header row in bold. */
  void row(List<String> cells, float[] offsets, boolean header) throws IOException {
    room(13);
    for (int i = 0; i < cells.size(); i++) {
      write(cells.get(i), header ? bold : regular, 9, MARGIN + offsets[i], y - 9);
    }
    y -= 13;
  }

  void image(BufferedImage image, float width, float height) throws IOException {
    room(height + 6);
    page.drawImage(LosslessFactory.createFromImage(doc, image), MARGIN, y - height, width, height);
    y -= height + 6;
  }

  void gap(float points) {
    y -= points;
  }

  private void text(String text, PDType1Font font, float size, float x, float lineHeight) throws IOException {
    room(lineHeight);
    write(text, font, size, x, y - size);
    y -= lineHeight;
  }

  private void write(String text, PDType1Font font, float size, float x, float baseline) throws IOException {
    page.beginText();
    page.setFont(font, size);
    page.newLineAtOffset(x, baseline);
    page.showText(encodable(font, text == null ? "" : text));
    page.endText();
  }

  /** The text with every character the font cannot show replaced by '?' (and controls by a space). */
  private static String encodable(PDType1Font font, String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(' ');
        continue;
      }
      try {
        font.encode(String.valueOf(c));
        out.append(c);
      } catch (IOException | IllegalArgumentException e) {
        out.append('?');
      }
    }
    return out.toString();
  }

  @Override
  public void close() throws IOException {
    page.close();
  }
}

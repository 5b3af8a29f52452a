package dev.vigil.testsupport;

import java.awt.image.BufferedImage;

/** How much of a rendered page or chart is drawn: a blank rendering is the failure these tests look for. */
public final class Ink {

  private Ink() {
  }

  /** The share of pixels that are not white. */
  public static double inkedShare(BufferedImage image) {
    long inked = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
          inked++;
        }
      }
    }
    return (double) inked / ((long) image.getWidth() * image.getHeight());
  }
}

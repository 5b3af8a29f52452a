package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fresh headless Chromium for each test ({@code @ExtendWith(BrowserPerTest.class)}): set into every
 * non-static {@link Browser} field of the test instance and passed to a test method's {@link Browser}
 * parameter, started before the class's own {@code @BeforeEach} methods and closed after the test, also
 * when it failed. A test that passed also passes only if no page it opened broke the dashboard's
 * Content-Security-Policy (an inline style or script the browser refused, see SecurityHeaders): such a page
 * looks fine in a test yet is missing what the browser blocked.
 */
final class BrowserPerTest implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrowserPerTest.class);

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Browser browser = Browser.start();
    context.getStore(NAMESPACE).put(Browser.class, browser);
    Object test = context.getRequiredTestInstance();
    for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.getType() == Browser.class && !Modifier.isStatic(field.getModifiers())) {
          field.setAccessible(true);
          field.set(test, browser);
        }
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Browser browser = context.getStore(NAMESPACE).remove(Browser.class, Browser.class);
    if (browser == null) {
      return;
    }
    try {
      if (context.getExecutionException().isEmpty()) {
        assertThat(browser.contentSecurityViolations()).as("what the browser refused under the CSP").isEmpty();
      }
    } finally {
      browser.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Browser.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NAMESPACE).get(Browser.class, Browser.class);
  }
}

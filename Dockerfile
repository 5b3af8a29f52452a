# syntax=docker/dockerfile:1
# Vigil: build the shaded jar with Maven, run it on a JRE as a non-root user.
#   docker build -t vigil .
#   docker run -p 8080:8080 -e VIGIL_MQTT_URL=... -e VIGIL_PG_URL=... vigil
# Without VIGIL_MQTT_URL / VIGIL_PG_URL Vigil starts its embedded broker and PostgreSQL
# (data under /app/data, a volume).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The pom first: its dependency downloads are cached in /root/.m2 across builds.
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2 mvn -q -B dependency:go-offline || true
COPY src src
COPY webroot webroot
RUN --mount=type=cache,target=/root/.m2 mvn -q -B package -DskipTests \
    && cp target/vigil.jar /vigil.jar

FROM eclipse-temurin:17-jre
# curl only for the HEALTHCHECK (the base image does not promise one); a font for the report charts (JFreeChart draws
# its text through AWT, which needs one installed).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 vigil \
    && useradd --system --uid 10001 --gid vigil --home-dir /app --shell /usr/sbin/nologin vigil \
    && mkdir -p /app/data \
    && chown -R vigil:vigil /app
WORKDIR /app
COPY --from=build --chown=vigil:vigil /vigil.jar /app/vigil.jar
USER vigil
# Size the heap from the container's memory limit, not the host's.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/app/data"]
EXPOSE 8080
# /health answers 200 only while the broker and the database are reachable.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/vigil.jar"]
CMD ["serve"]

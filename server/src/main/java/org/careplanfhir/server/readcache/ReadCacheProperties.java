package org.careplanfhir.server.readcache;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The read cache.
 *
 * @param enabled whether repeated reads and searches are answered from memory; turn it off when
 * several server instances write to one database, since each instance only sees its own writes
 * @param maxSize memory the cached responses may take in all
 * @param maxEntrySize the largest response kept; larger ones are always computed
 * @param timeToLive how long an answer is kept at most, even with no write in between
 */
@Validated
@ConfigurationProperties("careplan.read-cache")
record ReadCacheProperties(@DefaultValue("true") boolean enabled, @NotNull @DefaultValue("64MB") DataSize maxSize,
		@NotNull @DefaultValue("1MB") DataSize maxEntrySize, @NotNull @DefaultValue("10m") Duration timeToLive) {
}

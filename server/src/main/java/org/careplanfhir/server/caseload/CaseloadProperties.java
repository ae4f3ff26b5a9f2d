package org.careplanfhir.server.caseload;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How {@code $caseload} judges a case ({@code careplan.caseload.*}).
 *
 * @param stalledAfter an accepted referral whose Task has not changed for this long awaits action
 * @param dueSoon an unachieved goal due within this long is at risk
 * @param quietAfter a case with no contact (encounter or communication) for this long needs a call
 * @param maxCases the most cases one answer lists; a larger caseload is refused with the filters that narrow it
 */
@Validated
@ConfigurationProperties("careplan.caseload")
public record CaseloadProperties(@DefaultValue("14d") Duration stalledAfter, @DefaultValue("14d") Duration dueSoon,
		@DefaultValue("30d") Duration quietAfter, @DefaultValue("1000") @Min(1) @Max(10000) int maxCases) {
}

package org.careplanfhir.server.web;

/**
 * Published when who may see what changed without any stored resource changing (a client's
 * registration, such as the payer it is bound to, was saved or removed): answers kept for later
 * requests were decided under the old rules and must not be served again.
 *
 * @param reason what changed, for the log
 */
public record AccessRulesChanged(String reason) {
}

/**
 * Answers outside the FHIR endpoint's own handling: what the servlet container and Spring would
 * otherwise answer with their generic error pages.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web answers")
package org.careplanfhir.server.web;

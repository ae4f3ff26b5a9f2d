package org.careplanfhir.server.apps;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The app's folder address starts the app: standalone launch, which leads to sign-in. */
@Controller
class AppPages {

	@GetMapping({ "/apps/careplan", "/apps/careplan/" })
	String start() {
		return "redirect:" + CarePlanApp.PATH + "launch.html";
	}

}

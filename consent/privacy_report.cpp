// See privacy_report.h.
#include "consent/privacy_report.h"

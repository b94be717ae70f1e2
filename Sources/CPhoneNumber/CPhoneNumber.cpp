// CPhoneNumber: the extern "C" shim over libphonenumber's PhoneNumberUtil and ShortNumberInfo
// (include/CPhoneNumber.h says what each function does). One lock around every call: the calls
// take microseconds, and libphonenumber's own thread-safety is not documented for every path.

#include "CPhoneNumber.h"

#include <cstring>
#include <list>
#include <mutex>
#include <string>

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/shortnumberinfo.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;
using i18n::phonenumbers::ShortNumberInfo;

static_assert(PhoneNumberUtil::NO_PARSING_ERROR == CPN_PARSED && PhoneNumberUtil::TOO_LONG_NSN == CPN_TOO_LONG_NSN,
              "ErrorType changed");
static_assert(PhoneNumberUtil::IS_POSSIBLE == CPN_IS_POSSIBLE && PhoneNumberUtil::TOO_LONG == CPN_TOO_LONG,
              "ValidationResult changed");
static_assert(PhoneNumberUtil::FIXED_LINE == CPN_FIXED_LINE && PhoneNumberUtil::PREMIUM_RATE == CPN_PREMIUM_RATE &&
              PhoneNumberUtil::UNKNOWN == CPN_UNKNOWN, "PhoneNumberType changed");

namespace {

std::mutex lock;

const PhoneNumberUtil &util() {
    static PhoneNumberUtil *instance = [] {
        PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
        u->SetLogger(new i18n::phonenumbers::NullLogger());  // never write to faxd's stdout
        return u;
    }();
    return *instance;
}

const ShortNumberInfo &shortNumbers() {
    static ShortNumberInfo *instance = new ShortNumberInfo();
    return *instance;
}

void copy(const std::string &text, char *out, size_t capacity) {
    if (capacity == 0) return;
    size_t n = text.size() < capacity - 1 ? text.size() : capacity - 1;
    std::memcpy(out, text.data(), n);
    out[n] = 0;
}

// A number already in E.164; false when it is not one.
bool parseE164(const char *e164, PhoneNumber *number) {
    return util().Parse(e164, "ZZ", number) == PhoneNumberUtil::NO_PARSING_ERROR;
}

}  // namespace

extern "C" int cpn_parse(const char *text, const char *region, char *e164, size_t capacity, int *country_code) {
    std::lock_guard<std::mutex> guard(lock);
    PhoneNumber number;
    PhoneNumberUtil::ErrorType error = util().Parse(text, region, &number);
    if (error != PhoneNumberUtil::NO_PARSING_ERROR) return error;
    std::string formatted;
    util().Format(number, PhoneNumberUtil::E164, &formatted);
    copy(formatted, e164, capacity);
    *country_code = number.country_code();
    return CPN_PARSED;
}

extern "C" int cpn_possibility(const char *e164) {
    std::lock_guard<std::mutex> guard(lock);
    PhoneNumber number;
    if (!parseE164(e164, &number)) return CPN_INVALID_COUNTRY_CODE_LENGTH;
    return util().IsPossibleNumberWithReason(number);
}

extern "C" int cpn_is_valid(const char *e164) {
    std::lock_guard<std::mutex> guard(lock);
    PhoneNumber number;
    return parseE164(e164, &number) && util().IsValidNumber(number) ? 1 : 0;
}

extern "C" int cpn_number_type(const char *e164) {
    std::lock_guard<std::mutex> guard(lock);
    PhoneNumber number;
    if (!parseE164(e164, &number)) return CPN_UNKNOWN;
    return util().GetNumberType(number);
}

extern "C" void cpn_region_of_number(const char *e164, char *region, size_t capacity) {
    std::lock_guard<std::mutex> guard(lock);
    PhoneNumber number;
    std::string code = "ZZ";
    if (parseE164(e164, &number)) util().GetRegionCodeForNumber(number, &code);
    copy(code, region, capacity);
}

extern "C" void cpn_region_of_country_code(int country_code, char *region, size_t capacity) {
    std::lock_guard<std::mutex> guard(lock);
    std::string code;
    util().GetRegionCodeForCountryCode(country_code, &code);
    copy(code, region, capacity);
}

extern "C" int cpn_country_code_of_region(const char *region) {
    std::lock_guard<std::mutex> guard(lock);
    return util().GetCountryCodeForRegion(region);
}

extern "C" int cpn_is_emergency_number(const char *number, const char *region) {
    std::lock_guard<std::mutex> guard(lock);
    return shortNumbers().IsEmergencyNumber(number, region) ? 1 : 0;
}

extern "C" int cpn_connects_to_emergency_number(const char *number, const char *region) {
    std::lock_guard<std::mutex> guard(lock);
    return shortNumbers().ConnectsToEmergencyNumber(number, region) ? 1 : 0;
}

extern "C" int cpn_is_emergency_in_country(const char *national, int country_code) {
    std::lock_guard<std::mutex> guard(lock);
    std::list<std::string> regions;
    util().GetRegionCodesForCountryCallingCode(country_code, &regions);
    for (const std::string &region : regions) {
        if (shortNumbers().IsEmergencyNumber(national, region)) return 1;
    }
    return 0;
}

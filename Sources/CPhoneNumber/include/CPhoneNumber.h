// CPhoneNumber: a C face on the few parts of Google's libphonenumber (C++) SwiftFax uses, so Swift
// can call them without C++ interoperability. Numbers go in and out as NUL-terminated UTF-8;
// regions are ISO 3166 codes ("US", "GB"; "ZZ" for none). Every function is thread-safe.

#ifndef CPHONENUMBER_H
#define CPHONENUMBER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Room for any E.164 number libphonenumber formats ("+" and at most 3 + 17 digits) and its NUL.
#define CPN_E164_CAPACITY 32
/// Room for a region code and its NUL.
#define CPN_REGION_CAPACITY 4

/// Why a text is not a number (libphonenumber's PhoneNumberUtil::ErrorType).
enum {
    CPN_PARSED = 0,
    CPN_INVALID_COUNTRY_CODE = 1,
    CPN_NOT_A_NUMBER = 2,
    CPN_TOO_SHORT_AFTER_IDD = 3,
    CPN_TOO_SHORT_NSN = 4,
    CPN_TOO_LONG_NSN = 5,
};

/// How a number's length fits its plan (PhoneNumberUtil::ValidationResult).
enum {
    CPN_IS_POSSIBLE = 0,
    CPN_IS_POSSIBLE_LOCAL_ONLY = 1,
    CPN_INVALID_COUNTRY_CODE_LENGTH = 2,
    CPN_TOO_SHORT = 3,
    CPN_INVALID_LENGTH = 4,
    CPN_TOO_LONG = 5,
};

/// What kind of line a number is in its plan (PhoneNumberUtil::PhoneNumberType).
enum {
    CPN_FIXED_LINE = 0,
    CPN_MOBILE = 1,
    CPN_FIXED_LINE_OR_MOBILE = 2,
    CPN_TOLL_FREE = 3,
    CPN_PREMIUM_RATE = 4,
    CPN_SHARED_COST = 5,
    CPN_VOIP = 6,
    CPN_PERSONAL_NUMBER = 7,
    CPN_PAGER = 8,
    CPN_UAN = 9,
    CPN_VOICEMAIL = 10,
    CPN_UNKNOWN = 11,
};

/// Parses what a person typed, dialled from `region` (a "+" number needs no region: pass "ZZ").
/// On CPN_PARSED writes the number in E.164 ("+15551234567") to `e164` and its country calling
/// code to `country_code`; otherwise returns the error.
int cpn_parse(const char *text, const char *region, char *e164, size_t capacity, int *country_code);

/// The number's length fits its plan: one of CPN_IS_POSSIBLE … CPN_TOO_LONG.
int cpn_possibility(const char *e164);

/// The number matches a pattern of numbers in use in its plan (1) or not (0).
int cpn_is_valid(const char *e164);

/// The number's type, CPN_FIXED_LINE … CPN_UNKNOWN.
int cpn_number_type(const char *e164);

/// The region the number belongs to ("ZZ" when none) into `region`.
void cpn_region_of_number(const char *e164, char *region, size_t capacity);

/// The main region of a country calling code ("ZZ" when none) into `region`.
void cpn_region_of_country_code(int country_code, char *region, size_t capacity);

/// The country calling code of a region, 0 when unknown.
int cpn_country_code_of_region(const char *region);

/// `number` (as dialled, no "+") is exactly an emergency number in `region`.
int cpn_is_emergency_number(const char *number, const char *region);

/// Dialling `number` (exactly as dialled) in `region` might reach an emergency service, also when
/// digits follow the emergency number where the region's exchanges connect on a prefix.
int cpn_connects_to_emergency_number(const char *number, const char *region);

/// `national` (a national significant number) is exactly an emergency number in any region of
/// `country_code` (so "+1 911" and "+44 999" are caught, which libphonenumber's own check leaves
/// to the caller: it never treats a "+" number as an emergency number).
int cpn_is_emergency_in_country(const char *national, int country_code);

#ifdef __cplusplus
}
#endif

#endif

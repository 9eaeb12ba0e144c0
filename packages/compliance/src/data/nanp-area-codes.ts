// NANP area code → every IANA zone its numbers are found in. Area codes that cross a zone line list
// each zone, so a number alone never narrows the window (US-REGF-TIME-MULTITZ intersects them).
// Derived from the exchange-level zone statistics of Google's libphonenumber (resources/timezones,
// Apache-2.0) collapsed to area codes, corrected where that 2018 snapshot is stale (689 is Orlando,
// 437 is Toronto, Phoenix-metro codes do not observe DST, Saskatchewan keeps CST all year), and
// extended with the overlays opened since. Toll-free and non-geographic codes are absent on purpose:
// they say nothing about where the person is.
const byZone: ReadonlyArray<readonly [readonly string[], string]> = [
  [["America/New_York"], "201 202 203 207 212 215 216 220 223 227 229 231 234 239 240 248 252 260 267 269 272 276 283 301 302 304 305 313 315 317 321 326 329 330 332 336 339 347 351 352 363 380 386 401 404 407 410 412 413 419 434 440 443 445 463 470 472 475 478 484 502 508 513 516 517 518 540 551 561 567 570 571 582 585 586 603 607 609 610 614 616 617 624 631 640 645 646 656 667 678 680 681 686 689 703 704 706 716 717 718 724 727 728 732 734 740 743 754 757 762 765 770 771 772 774 781 786 802 803 804 810 813 814 826 828 835 838 839 843 845 848 854 856 857 859 860 862 863 864 865 878 904 908 910 912 914 917 919 929 934 937 941 943 947 948 954 959 973 978 980 984 989"],
  [["America/Chicago"], "205 210 214 217 218 224 225 228 235 251 254 256 262 274 281 309 312 314 316 318 319 320 325 331 334 337 346 353 361 402 405 409 414 417 430 432 447 464 469 479 501 504 507 512 515 531 534 539 557 563 572 573 580 601 608 612 615 618 629 630 636 641 651 659 660 662 682 708 712 713 715 726 730 731 737 763 769 773 779 806 815 816 817 830 832 847 861 870 872 901 903 913 918 920 931 936 938 940 945 952 956 972 979 985"],
  [["America/Denver"], "303 307 385 406 435 505 575 719 720 748 801 915 970 983"],
  [["America/Phoenix"], "480 520 602 623"],
  [["America/Los_Angeles"], "206 209 213 253 279 310 323 341 350 357 360 369 408 415 424 425 442 509 510 530 559 562 564 619 626 628 650 657 661 669 702 707 714 725 738 747 760 805 818 820 831 840 858 909 916 925 949 951 971"],
  [["Pacific/Honolulu"], "808"],
  [["America/Anchorage", "America/Juneau", "America/Adak"], "907"],
  // Split area codes (US).
  [["America/Boise", "America/Los_Angeles"], "208 986"],
  [["America/New_York", "America/Chicago"], "219 270 364 423 448 574 606 812 850 930"],
  [["America/Chicago", "America/Denver"], "308 605 620 785"],
  [["America/Chicago", "America/Denver", "America/North_Dakota/Center"], "701"],
  [["America/Los_Angeles", "America/Boise"], "458 541"],
  [["America/Los_Angeles", "America/Denver"], "775"],
  [["America/Detroit", "America/Menominee"], "906"],
  [["America/Phoenix", "America/Denver"], "928"],
  // Canada.
  [["America/Toronto"], "226 249 263 289 343 354 365 367 382 416 418 437 438 450 468 514 519 548 579 581 613 647 683 705 742 753 819 873 905"],
  [["America/Toronto", "America/Winnipeg"], "807"],
  [["America/Winnipeg"], "204 431 584"],
  [["America/Regina"], "306 474 639"],
  [["America/Edmonton"], "368 403 587 780 825"],
  [["America/Vancouver", "America/Edmonton"], "236 250 604 672 778"],
  [["America/Halifax"], "428 506 782 902"],
  [["America/St_Johns", "America/Halifax"], "709 879"],
  [["America/Whitehorse", "America/Edmonton", "America/Winnipeg", "America/Toronto"], "867"],
  // Caribbean and Pacific members of the plan.
  [["America/Nassau"], "242"], [["America/Barbados"], "246"], [["America/Anguilla"], "264"],
  [["America/Antigua"], "268"], [["America/Tortola"], "284"], [["America/St_Thomas"], "340"],
  [["America/Cayman"], "345"], [["Atlantic/Bermuda"], "441"], [["America/Grenada"], "473"],
  [["America/Grand_Turk"], "649"], [["America/Jamaica"], "658 876"], [["America/Montserrat"], "664"],
  [["Pacific/Saipan"], "670"], [["Pacific/Guam"], "671"], [["Pacific/Pago_Pago"], "684"],
  [["America/Lower_Princes"], "721"], [["America/St_Lucia"], "758"], [["America/Dominica"], "767"],
  [["America/St_Vincent"], "784"], [["America/Puerto_Rico"], "787 939"],
  [["America/Santo_Domingo"], "809 829 849"], [["America/Port_of_Spain"], "868"], [["America/St_Kitts"], "869"],
];

export const NANP_AREA_CODE_ZONES: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, readonly string[]>();
  for (const [zones, codes] of byZone) for (const code of codes.split(" ")) map.set(code, zones);
  return map;
})();

// Country calling codes (other than +1) whose whole country keeps one zone, checked longest first.
export const CALLING_CODE_ZONES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["852", ["Asia/Hong_Kong"]], ["853", ["Asia/Macau"]], ["886", ["Asia/Taipei"]], ["353", ["Europe/Dublin"]],
  ["86", ["Asia/Shanghai"]], ["44", ["Europe/London"]], ["33", ["Europe/Paris"]], ["49", ["Europe/Berlin"]],
  ["39", ["Europe/Rome"]], ["31", ["Europe/Amsterdam"]], ["48", ["Europe/Warsaw"]], ["81", ["Asia/Tokyo"]],
  ["82", ["Asia/Seoul"]], ["65", ["Asia/Singapore"]], ["91", ["Asia/Kolkata"]], ["63", ["Asia/Manila"]],
  ["64", ["Pacific/Auckland"]],
];

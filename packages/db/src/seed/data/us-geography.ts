// US states for the demo book: population weight, ZIP-3 prefixes, area codes, cities and IANA zones.
// States split across two zones list one area per zone, with the ZIP prefixes and area codes of that
// part (FL panhandle, TN, KY, IN, MI Upper Peninsula, TX El Paso, KS, NE, ND, SD, OR Malheur, ID north),
// so an address, its ZIP and a local phone agree, and a phone from elsewhere yields a second zone.

export interface UsArea {
  zone: string;
  /** Share of the state's population living here. */
  weight: number;
  zip3: number[];
  areaCodes: number[];
  cities: string[];
}
export interface UsState {
  code: string;
  name: string;
  /** Relative population weight. */
  weight: number;
  areas: UsArea[];
}

const r = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const one = (zone: string, zip3: number[], areaCodes: number[], cities: string[]): UsArea[] => [
  { zone, weight: 1, zip3, areaCodes, cities },
];

const ET = "America/New_York";
const CT = "America/Chicago";
const MT = "America/Denver";
const PT = "America/Los_Angeles";

export const usStates: UsState[] = [
  { code: "AL", name: "Alabama", weight: 5.1, areas: one(CT, r(350, 369), [205, 251, 256, 334], ["Birmingham", "Montgomery", "Mobile", "Huntsville"]) },
  { code: "AK", name: "Alaska", weight: 0.7, areas: [
    { zone: "America/Anchorage", weight: 0.97, zip3: r(995, 999), areaCodes: [907], cities: ["Anchorage", "Fairbanks", "Juneau", "Wasilla"] },
    { zone: "America/Adak", weight: 0.03, zip3: [995], areaCodes: [907], cities: ["Adak", "Atka"] },
  ] },
  { code: "AZ", name: "Arizona", weight: 7.4, areas: one("America/Phoenix", r(850, 865), [480, 520, 602, 623, 928], ["Phoenix", "Tucson", "Mesa", "Chandler", "Flagstaff"]) },
  { code: "AR", name: "Arkansas", weight: 3.0, areas: one(CT, r(716, 729), [479, 501, 870], ["Little Rock", "Fayetteville", "Fort Smith"]) },
  { code: "CA", name: "California", weight: 39.0, areas: one(PT, r(900, 961), [213, 310, 415, 510, 619, 626, 714, 818, 909, 916, 949], ["Los Angeles", "San Diego", "San Jose", "San Francisco", "Fresno", "Sacramento", "Oakland"]) },
  { code: "CO", name: "Colorado", weight: 5.9, areas: one(MT, r(800, 816), [303, 719, 720, 970], ["Denver", "Colorado Springs", "Aurora", "Fort Collins"]) },
  { code: "CT", name: "Connecticut", weight: 3.6, areas: one(ET, r(60, 69), [203, 475, 860], ["Bridgeport", "New Haven", "Hartford", "Stamford"]) },
  { code: "DE", name: "Delaware", weight: 1.0, areas: one(ET, r(197, 199), [302], ["Wilmington", "Dover", "Newark"]) },
  { code: "DC", name: "District of Columbia", weight: 0.7, areas: one(ET, r(200, 205), [202], ["Washington"]) },
  { code: "FL", name: "Florida", weight: 22.2, areas: [
    { zone: ET, weight: 0.95, zip3: [...r(320, 324), ...r(326, 349)], areaCodes: [305, 321, 352, 407, 561, 727, 786, 813, 904, 954], cities: ["Miami", "Orlando", "Tampa", "Jacksonville", "Tallahassee", "Fort Lauderdale"] },
    { zone: CT, weight: 0.05, zip3: [324, 325], areaCodes: [850], cities: ["Pensacola", "Panama City", "Fort Walton Beach"] },
  ] },
  { code: "GA", name: "Georgia", weight: 11.0, areas: one(ET, [...r(300, 319), 398, 399], [229, 404, 470, 478, 678, 706, 770, 912], ["Atlanta", "Savannah", "Augusta", "Macon"]) },
  { code: "HI", name: "Hawaii", weight: 1.4, areas: one("Pacific/Honolulu", r(967, 968), [808], ["Honolulu", "Hilo", "Kailua", "Kahului"]) },
  { code: "ID", name: "Idaho", weight: 1.9, areas: [
    { zone: "America/Boise", weight: 0.8, zip3: r(832, 837), areaCodes: [208, 986], cities: ["Boise", "Nampa", "Idaho Falls", "Pocatello"] },
    { zone: PT, weight: 0.2, zip3: [838], areaCodes: [208], cities: ["Coeur d'Alene", "Lewiston", "Moscow"] },
  ] },
  { code: "IL", name: "Illinois", weight: 12.6, areas: one(CT, r(600, 629), [217, 309, 312, 618, 630, 708, 773, 815, 847], ["Chicago", "Aurora", "Naperville", "Rockford", "Springfield"]) },
  { code: "IN", name: "Indiana", weight: 6.8, areas: [
    { zone: "America/Indiana/Indianapolis", weight: 0.84, zip3: [...r(460, 462), ...r(465, 476), 478, 479], areaCodes: [260, 317, 463, 574, 765], cities: ["Indianapolis", "Fort Wayne", "South Bend", "Bloomington"] },
    { zone: CT, weight: 0.16, zip3: [463, 464, 477], areaCodes: [219, 812], cities: ["Gary", "Hammond", "Evansville"] },
  ] },
  { code: "IA", name: "Iowa", weight: 3.2, areas: one(CT, r(500, 528), [319, 515, 563, 641, 712], ["Des Moines", "Cedar Rapids", "Davenport"]) },
  { code: "KS", name: "Kansas", weight: 2.9, areas: [
    { zone: CT, weight: 0.97, zip3: r(660, 676), areaCodes: [316, 620, 785, 913], cities: ["Wichita", "Overland Park", "Kansas City", "Topeka"] },
    { zone: MT, weight: 0.03, zip3: [677], areaCodes: [785], cities: ["Goodland", "Sharon Springs"] },
  ] },
  { code: "KY", name: "Kentucky", weight: 4.5, areas: [
    { zone: "America/Kentucky/Louisville", weight: 0.7, zip3: [...r(400, 418), 425, 426], areaCodes: [502, 606, 859], cities: ["Louisville", "Lexington", "Frankfort", "Ashland"] },
    { zone: CT, weight: 0.3, zip3: r(420, 424), areaCodes: [270, 364], cities: ["Bowling Green", "Owensboro", "Paducah"] },
  ] },
  { code: "LA", name: "Louisiana", weight: 4.6, areas: one(CT, r(700, 714), [225, 318, 337, 504, 985], ["New Orleans", "Baton Rouge", "Shreveport", "Lafayette"]) },
  { code: "ME", name: "Maine", weight: 1.4, areas: one(ET, r(39, 49), [207], ["Portland", "Lewiston", "Bangor"]) },
  { code: "MD", name: "Maryland", weight: 6.2, areas: one(ET, r(206, 219), [240, 301, 410, 443], ["Baltimore", "Columbia", "Germantown", "Frederick"]) },
  // Massachusetts is over-weighted on purpose (about 10% of US debtors): the US-MA overlay must be exercised.
  { code: "MA", name: "Massachusetts", weight: 38.0, areas: one(ET, [...r(10, 27), 55], [339, 351, 413, 508, 617, 774, 781, 857, 978], ["Boston", "Worcester", "Springfield", "Cambridge", "Lowell", "Brockton"]) },
  { code: "MI", name: "Michigan", weight: 10.0, areas: [
    { zone: "America/Detroit", weight: 0.99, zip3: r(480, 497), areaCodes: [231, 248, 313, 517, 586, 616, 734, 810, 906], cities: ["Detroit", "Grand Rapids", "Lansing", "Ann Arbor", "Marquette"] },
    { zone: "America/Menominee", weight: 0.01, zip3: [498, 499], areaCodes: [906], cities: ["Iron Mountain", "Menominee", "Ironwood"] },
  ] },
  { code: "MN", name: "Minnesota", weight: 5.7, areas: one(CT, r(550, 567), [218, 320, 507, 612, 651, 763, 952], ["Minneapolis", "Saint Paul", "Rochester", "Duluth"]) },
  { code: "MS", name: "Mississippi", weight: 2.9, areas: one(CT, r(386, 397), [228, 601, 662], ["Jackson", "Gulfport", "Hattiesburg"]) },
  { code: "MO", name: "Missouri", weight: 6.2, areas: one(CT, r(630, 658), [314, 417, 573, 636, 816], ["Kansas City", "Saint Louis", "Springfield", "Columbia"]) },
  { code: "MT", name: "Montana", weight: 1.1, areas: one(MT, r(590, 599), [406], ["Billings", "Missoula", "Great Falls", "Bozeman"]) },
  { code: "NE", name: "Nebraska", weight: 2.0, areas: [
    { zone: CT, weight: 0.92, zip3: r(680, 692), areaCodes: [402, 531, 308], cities: ["Omaha", "Lincoln", "Grand Island", "Kearney"] },
    { zone: MT, weight: 0.08, zip3: r(693, 693), areaCodes: [308], cities: ["Scottsbluff", "Sidney", "Alliance"] },
  ] },
  { code: "NV", name: "Nevada", weight: 3.2, areas: one(PT, r(889, 898), [702, 725, 775], ["Las Vegas", "Henderson", "Reno"]) },
  { code: "NH", name: "New Hampshire", weight: 1.4, areas: one(ET, r(30, 38), [603], ["Manchester", "Nashua", "Concord"]) },
  { code: "NJ", name: "New Jersey", weight: 9.3, areas: one(ET, r(70, 89), [201, 609, 732, 856, 908, 973], ["Newark", "Jersey City", "Paterson", "Trenton"]) },
  { code: "NM", name: "New Mexico", weight: 2.1, areas: one(MT, r(870, 884), [505, 575], ["Albuquerque", "Las Cruces", "Santa Fe"]) },
  { code: "NY", name: "New York", weight: 19.6, areas: one(ET, r(100, 149), [212, 315, 347, 516, 518, 585, 631, 646, 716, 718, 914, 917], ["New York", "Brooklyn", "Buffalo", "Rochester", "Yonkers", "Albany"]) },
  { code: "NC", name: "North Carolina", weight: 10.8, areas: one(ET, r(270, 289), [252, 336, 704, 828, 910, 919, 980], ["Charlotte", "Raleigh", "Greensboro", "Durham"]) },
  { code: "ND", name: "North Dakota", weight: 0.8, areas: [
    { zone: CT, weight: 0.85, zip3: r(580, 585), areaCodes: [701], cities: ["Fargo", "Bismarck", "Grand Forks"] },
    { zone: MT, weight: 0.15, zip3: [586], areaCodes: [701], cities: ["Dickinson", "Beach"] },
  ] },
  { code: "OH", name: "Ohio", weight: 11.8, areas: one(ET, r(430, 459), [216, 330, 419, 513, 614, 740, 937], ["Columbus", "Cleveland", "Cincinnati", "Toledo", "Akron"]) },
  { code: "OK", name: "Oklahoma", weight: 4.0, areas: one(CT, r(730, 749), [405, 539, 580, 918], ["Oklahoma City", "Tulsa", "Norman"]) },
  { code: "OR", name: "Oregon", weight: 4.2, areas: [
    { zone: PT, weight: 0.98, zip3: r(970, 978), areaCodes: [503, 541, 971], cities: ["Portland", "Salem", "Eugene", "Bend"] },
    { zone: "America/Boise", weight: 0.02, zip3: [979], areaCodes: [541], cities: ["Ontario", "Nyssa", "Vale"] },
  ] },
  { code: "PA", name: "Pennsylvania", weight: 13.0, areas: one(ET, r(150, 196), [215, 267, 412, 484, 570, 610, 717, 724, 814], ["Philadelphia", "Pittsburgh", "Allentown", "Erie", "Harrisburg"]) },
  { code: "RI", name: "Rhode Island", weight: 1.1, areas: one(ET, r(28, 29), [401], ["Providence", "Warwick", "Cranston"]) },
  { code: "SC", name: "South Carolina", weight: 5.3, areas: one(ET, r(290, 299), [803, 843, 864], ["Charleston", "Columbia", "Greenville"]) },
  { code: "SD", name: "South Dakota", weight: 0.9, areas: [
    { zone: CT, weight: 0.7, zip3: r(570, 576), areaCodes: [605], cities: ["Sioux Falls", "Aberdeen", "Brookings"] },
    { zone: MT, weight: 0.3, zip3: r(577, 577), areaCodes: [605], cities: ["Rapid City", "Spearfish", "Sturgis"] },
  ] },
  { code: "TN", name: "Tennessee", weight: 7.1, areas: [
    { zone: CT, weight: 0.6, zip3: [...r(370, 373), ...r(380, 385)], areaCodes: [615, 629, 731, 901, 931], cities: ["Nashville", "Memphis", "Clarksville", "Murfreesboro"] },
    { zone: ET, weight: 0.4, zip3: [...r(374, 379)], areaCodes: [423, 865], cities: ["Knoxville", "Chattanooga", "Johnson City"] },
  ] },
  { code: "TX", name: "Texas", weight: 30.0, areas: [
    { zone: CT, weight: 0.97, zip3: [...r(750, 797)], areaCodes: [210, 214, 281, 346, 409, 512, 713, 806, 817, 832, 972], cities: ["Houston", "San Antonio", "Dallas", "Austin", "Fort Worth", "Lubbock"] },
    { zone: MT, weight: 0.03, zip3: [798, 799], areaCodes: [915], cities: ["El Paso", "Socorro", "Horizon City"] },
  ] },
  { code: "UT", name: "Utah", weight: 3.4, areas: one(MT, r(840, 847), [385, 435, 801], ["Salt Lake City", "Provo", "Ogden", "St. George"]) },
  { code: "VT", name: "Vermont", weight: 0.6, areas: one(ET, r(50, 59).filter((z) => z !== 55), [802], ["Burlington", "Montpelier", "Rutland"]) },
  { code: "VA", name: "Virginia", weight: 8.7, areas: one(ET, r(220, 246), [276, 434, 540, 571, 703, 757, 804], ["Virginia Beach", "Richmond", "Norfolk", "Arlington", "Roanoke"]) },
  { code: "WA", name: "Washington", weight: 7.8, areas: one(PT, r(980, 994), [206, 253, 360, 425, 509], ["Seattle", "Spokane", "Tacoma", "Vancouver", "Bellevue"]) },
  { code: "WV", name: "West Virginia", weight: 1.8, areas: one(ET, r(247, 268), [304, 681], ["Charleston", "Huntington", "Morgantown"]) },
  { code: "WI", name: "Wisconsin", weight: 5.9, areas: one(CT, r(530, 549), [262, 414, 608, 715, 920], ["Milwaukee", "Madison", "Green Bay"]) },
  { code: "WY", name: "Wyoming", weight: 0.6, areas: one(MT, r(820, 831), [307], ["Cheyenne", "Casper", "Laramie"]) },
];

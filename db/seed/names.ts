/**
 * Name pools for generated pupils, parents and staff, grouped by family
 * background. Real rolls mix British, Irish, European, African, Asian and
 * Caribbean names, with accents, apostrophes, hyphens, spaces and two-letter
 * surnames, and with surnames that differ between siblings (Singh/Kaur,
 * Wiśniewski/Wiśniewska): the importer, search and sibling linking must all
 * cope, so the demo data has to contain them.
 */

/** A surname shared by the whole family, or one with a male and a female form. */
export type Surname = string | { readonly male: string; readonly female: string };

export interface Background {
  readonly key: string;
  /** Relative share of families with this background. */
  readonly weight: number;
  readonly ethnicity: string;
  readonly religions: readonly (readonly [string, number])[];
  /** Chance a pupil has English as an additional language. */
  readonly eal: number;
  readonly boys: readonly string[];
  readonly girls: readonly string[];
  readonly surnames: readonly Surname[];
  /** Parents' generation names; children's pools are used when absent. */
  readonly men?: readonly string[];
  readonly women?: readonly string[];
  /** Mixed-heritage families draw a parent and the names from each side. */
  readonly mixOf?: readonly [string, string];
}

/** `|`-separated, because some names contain spaces. */
const list = (names: string): readonly string[] => names.split('|').map((n) => n.trim());
const gendered = (male: string, female: string): Surname => ({ male, female });

export const BACKGROUNDS: readonly Background[] = [
  {
    key: 'white_british',
    weight: 58,
    ethnicity: 'White - British',
    religions: [
      ['No religion', 45],
      ['Christian', 28],
      ['Church of England', 10],
      ['Roman Catholic', 5],
      ['', 12],
    ],
    eal: 0.005,
    boys: list(
      'Oliver|George|Harry|Jack|Noah|Leo|Arthur|Oscar|Freddie|Alfie|Charlie|Thomas|James|William|Henry|Archie|Theo|Joshua|Jacob|Samuel|Daniel|Alexander|Max|Ethan|Lucas|Mason|Logan|Riley|Finley|Reuben|Toby|Callum|Kieran|Connor|Dylan|Tyler|Benjamin|Edward|Matthew|Jude',
    ),
    girls: list(
      'Olivia|Amelia|Isla|Ava|Mia|Ivy|Lily|Isabella|Rosie|Sophia|Grace|Freya|Poppy|Evie|Ella|Zoë|Chloë|Florence|Willow|Sophie|Emily|Jessica|Ruby|Daisy|Phoebe|Charlotte|Elizabeth|Matilda|Harriet|Lola|Megan|Holly|Amber|Renée|Eloïse|Margaret|Abigail|Eleanor',
    ),
    surnames: list(
      'Smith|Jones|Taylor|Brown|Williams|Wilson|Johnson|Davies|Robinson|Wright|Thompson|Evans|Walker|White|Roberts|Green|Hall|Wood|Jackson|Clarke|Hughes|Edwards|Turner|Harris|Lewis|Cooper|Ward|Morris|Moore|Bell|Ellis|Marsh|Fletcher|Pickering|Ackroyd|Sutcliffe|Holroyd|Barraclough|Taylor-Jones|Hopkinson|Bradshaw|Whitworth|Atkinson|Fox|Booth|Shaw|Dawson|Kaye|Lloyd-Davies',
    ),
    men: list(
      'Mark|Paul|Darren|Lee|Craig|Stuart|Gareth|Jamie|Ryan|Adam|Chris|Richard|Andrew|Matthew|Steven|Neil|Dean|Simon|Jonathan|Carl',
    ),
    women: list(
      'Gemma|Kelly|Lisa|Sarah|Emma|Claire|Joanne|Nicola|Stacey|Laura|Rachel|Hayley|Kirsty|Amy|Vicky|Charlotte|Louise|Jennifer|Natalie|Zoë',
    ),
  },
  {
    key: 'welsh_scottish',
    weight: 3,
    ethnicity: 'White - British',
    religions: [
      ['No religion', 50],
      ['Christian', 35],
      ['Church of Scotland', 5],
      ['', 10],
    ],
    eal: 0.01,
    boys: list('Rhys|Dafydd|Iwan|Osian|Gethin|Euan|Hamish|Ruaridh|Fraser|Lachlan'),
    girls: list('Siân|Ffion|Rhiannon|Cerys|Seren|Eilidh|Mhairi|Kirsty|Catrìona|Morag'),
    surnames: list(
      'Llewellyn|Pritchard|Rees|Jenkins|Vaughan|Griffiths|MacDonald|McLeod|Fraser|Robertson|Stewart|MacLeòid',
    ),
    men: list('Gareth|Huw|Emyr|Alun|Iain|Angus|Gordon|Alasdair'),
    women: list('Bethan|Angharad|Nia|Eluned|Fiona|Shona|Ailsa|Morven'),
  },
  {
    key: 'irish',
    weight: 3,
    ethnicity: 'White - Irish',
    religions: [
      ['Roman Catholic', 70],
      ['No religion', 20],
      ['Christian', 10],
    ],
    eal: 0.01,
    boys: list('Seán|Ciarán|Oisín|Pádraig|Eoin|Cian|Darragh|Conor|Liam|Tadhg'),
    girls: list('Siobhán|Aoife|Niamh|Saoirse|Róisín|Caoimhe|Aisling|Clodagh|Orla|Sinéad'),
    surnames: [
      ...list("O'Brien|O'Connor|O'Neill|Ó'Súilleabháin|Murphy|Kelly|Byrne|Walsh|McCarthy|Doyle|O'Sullivan|Fitzgerald"),
      gendered('Ó Briain', 'Ní Bhriain'),
      gendered('Ó Ceallaigh', 'Ní Cheallaigh'),
    ],
    men: list('Declan|Ciarán|Pádraig|Niall|Éamon|Brendan|Fergal'),
    women: list('Aoife|Siobhán|Gráinne|Máire|Bríd|Deirdre|Úna'),
  },
  {
    key: 'polish',
    weight: 4,
    ethnicity: 'White - Other',
    religions: [
      ['Roman Catholic', 85],
      ['Christian', 5],
      ['No religion', 10],
    ],
    eal: 0.75,
    boys: list('Łukasz|Jakub|Kacper|Szymon|Wojciech|Mikołaj|Filip|Antoni|Bartosz|Michał'),
    girls: list('Zofia|Zuzanna|Wiktoria|Łucja|Maja|Hanna|Julia|Natalia|Małgorzata|Agnieszka'),
    surnames: [
      ...list('Nowak|Kowalczyk|Wójcik|Mazur|Krawczyk|Kaczmarek|Pawlak|Wróbel'),
      gendered('Wiśniewski', 'Wiśniewska'),
      gendered('Kamiński', 'Kamińska'),
      gendered('Lewandowski', 'Lewandowska'),
      gendered('Dąbrowski', 'Dąbrowska'),
    ],
    men: list('Tomasz|Piotr|Krzysztof|Marek|Paweł|Grzegorz|Andrzej'),
    women: list('Agnieszka|Katarzyna|Magdalena|Joanna|Małgorzata|Ewa|Beata'),
  },
  {
    key: 'romanian',
    weight: 2,
    ethnicity: 'White - Romanian',
    religions: [
      ['Christian Orthodox', 70],
      ['Christian', 15],
      ['No religion', 15],
    ],
    eal: 0.8,
    boys: list('Andrei|Ștefan|Ionuț|Mihai|Alexandru|Răzvan|Darius|Matei'),
    girls: list('Ioana|Mădălina|Andreea|Elena|Bianca|Ștefania|Daria|Ilinca'),
    surnames: list('Popescu|Ionescu|Popa|Dumitru|Stan|Munteanu|Constantin|Lungu|Țurcanu'),
    men: list('Florin|Cătălin|Gheorghe|Vasile|Marius'),
    women: list('Mihaela|Alina|Cristina|Georgiana|Roxana'),
  },
  {
    key: 'portuguese',
    weight: 1,
    ethnicity: 'White - Other',
    religions: [
      ['Roman Catholic', 75],
      ['No religion', 25],
    ],
    eal: 0.7,
    boys: list('João|Gonçalo|Tiago|Rodrigo|Duarte|Martim'),
    girls: list('Inês|Beatriz|Leonor|Matilde|Carolina|Lúcia'),
    surnames: list('Silva|Santos|Gonçalves|Conceição|Ferreira|Rodrigues|Araújo|Simões'),
  },
  {
    key: 'vietnamese',
    weight: 1,
    ethnicity: 'Asian - Any other Asian background',
    religions: [
      ['Buddhist', 50],
      ['No religion', 35],
      ['Roman Catholic', 15],
    ],
    eal: 0.7,
    boys: list('Minh|Huy|Quân|Khoa|Đức|Bảo|Tuấn'),
    girls: list('Linh|Thảo|Ngọc|Anh|Hương|Mai|Trang'),
    surnames: list('Nguyễn|Trần|Lê|Phạm|Hoàng|Võ|Đặng'),
  },
  {
    key: 'chinese',
    weight: 1.5,
    ethnicity: 'Chinese',
    religions: [
      ['No religion', 60],
      ['Buddhist', 15],
      ['Christian', 25],
    ],
    eal: 0.55,
    boys: list('Wei|Jun|Hao|Zihan|Yichen|Ethan|Ryan|Ka Ho'),
    girls: list('Mei|Xin|Yan|Jiayi|Chloe|Hannah|Wing Yan'),
    surnames: list('Ng|Chen|Wang|Li|Zhang|Liu|Wong|Chan|Lam|Ho|Yip|Ou'),
  },
  {
    key: 'nigerian',
    weight: 3,
    ethnicity: 'Black - African',
    religions: [
      ['Christian', 70],
      ['Muslim', 25],
      ['', 5],
    ],
    eal: 0.3,
    boys: list('Chidi|Oluwaseun|Oluwatobi|Ayomide|Emeka|Chukwuemeka|Tobiloba|David|Daniel|Samuel|Ikechukwu'),
    girls: list('Chiamaka|Adaeze|Temitope|Ifeoluwa|Oluwadamilola|Precious|Blessing|Favour|Esther|Ngozi'),
    surnames: list('Okonkwo|Adeyemi|Okafor|Chukwu|Adebayo|Ogunleye|Eze|Nwosu|Balogun|Oyelaran'),
    men: list('Tunde|Chinedu|Femi|Olumide|Babatunde|Obinna'),
    women: list('Ngozi|Funmilayo|Folake|Chioma|Yetunde|Nkechi'),
  },
  {
    key: 'ghanaian',
    weight: 1,
    ethnicity: 'Black - African',
    religions: [
      ['Christian', 85],
      ['Muslim', 15],
    ],
    eal: 0.25,
    boys: list('Kwame|Kofi|Kwabena|Yaw|Nana|Kojo'),
    girls: list('Ama|Abena|Akosua|Efua|Adwoa|Esi'),
    surnames: list('Mensah|Boateng|Osei|Asante|Owusu|Appiah|Agyeman'),
  },
  {
    key: 'somali',
    weight: 1.5,
    ethnicity: 'Black - Somali',
    religions: [['Muslim', 100]],
    eal: 0.8,
    boys: list('Abdirahman|Hamza|Mohamed|Abdullahi|Yusuf|Abdikarim'),
    girls: list('Hodan|Ayaan|Hibaaq|Sagal|Ifrah|Nasra'),
    surnames: list('Abdi|Mohamed|Hassan|Warsame|Farah|Osman|Jama|Ali'),
  },
  {
    key: 'caribbean',
    weight: 1.5,
    ethnicity: 'Black - Caribbean',
    religions: [
      ['Christian', 55],
      ['No religion', 35],
      ['Rastafarian', 3],
      ['', 7],
    ],
    eal: 0.01,
    boys: list('Jayden|Kai|Malachi|Tyrese|Jermaine|Isaiah|Jaheim'),
    girls: list('Shanice|Tia|Aaliyah|Kiara|Jada|Nia|Tiana'),
    surnames: list('Campbell|Francis|Clarke|Brown|Williams|Thomas|Graham|Beckford|McKenzie|St. Hilaire'),
    men: list('Delroy|Winston|Marcus|Andre|Errol|Leon'),
    women: list('Marcia|Sharon|Donna|Simone|Paulette|Michelle'),
  },
  {
    key: 'pakistani',
    weight: 4.5,
    ethnicity: 'Asian - Pakistani',
    religions: [
      ['Muslim', 97],
      ['', 3],
    ],
    eal: 0.55,
    boys: list('Mohammed|Muhammad|Ibrahim|Yusuf|Zain|Ayaan|Hamza|Rayyan|Haris|Bilal'),
    girls: list('Aisha|Fatima|Maryam|Zara|Inaya|Hafsa|Khadijah|Amna|Eman|Mehreen'),
    surnames: list('Khan|Hussain|Ahmed|Ali|Iqbal|Malik|Akhtar|Mahmood|Butt|Raza|Shah|Ul-Haq'),
    men: list('Imran|Tariq|Asif|Nadeem|Shahid|Zahid|Waqas'),
    women: list('Nasreen|Shazia|Rubina|Saima|Samina|Uzma|Nadia'),
  },
  {
    key: 'bangladeshi',
    weight: 2,
    ethnicity: 'Asian - Bangladeshi',
    religions: [['Muslim', 100]],
    eal: 0.6,
    boys: list('Rahim|Abdul|Tanvir|Arif|Sami|Rafi'),
    girls: list('Nusrat|Tahmina|Ruksana|Sumaiya|Jannat|Tasnim'),
    surnames: list('Rahman|Miah|Uddin|Islam|Chowdhury|Hossain|Ahmed'),
  },
  {
    key: 'indian_hindu',
    weight: 2.5,
    ethnicity: 'Asian - Indian',
    religions: [
      ['Hindu', 85],
      ['No religion', 10],
      ['Jain', 5],
    ],
    eal: 0.45,
    boys: list('Arjun|Rohan|Dev|Aarav|Vihaan|Krish|Aditya'),
    girls: list('Priya|Anika|Diya|Aanya|Isha|Saanvi|Riya'),
    surnames: list('Patel|Sharma|Shah|Mistry|Kumar|Parmar|Joshi|Desai'),
    men: list('Rajesh|Sanjay|Vikram|Nikhil|Amit'),
    women: list('Sunita|Pooja|Neha|Anjali|Kavita'),
  },
  {
    key: 'indian_sikh',
    weight: 1,
    ethnicity: 'Asian - Indian',
    religions: [
      ['Sikh', 95],
      ['', 5],
    ],
    eal: 0.35,
    boys: list('Harjot|Gurveer|Jaskaran|Arjan|Ranveer|Kiran'),
    girls: list('Simran|Harpreet|Gurpreet|Jasleen|Manpreet|Amrit'),
    surnames: [...list('Gill|Sandhu|Dhillon|Sidhu|Bains|Johal'), gendered('Singh', 'Kaur')],
    men: list('Balwinder|Harjinder|Kulwant|Rajinder|Sukhdev'),
    women: list('Kulwinder|Parminder|Rajvinder|Sukhjit|Baljit'),
  },
  {
    key: 'arab',
    weight: 1.5,
    ethnicity: 'Any other ethnic group - Arab',
    religions: [
      ['Muslim', 90],
      ['Christian', 10],
    ],
    eal: 0.65,
    boys: list('Omar|Yousef|Karim|Adam|Ali|Khalid|Mustafa'),
    girls: list('Layla|Noor|Amira|Yasmin|Salma|Rania|Lina'),
    surnames: list('Al-Hassan|Al-Farsi|El-Amin|Haddad|Saleh|Al-Rashid|Mansour|Abu-Bakr'),
  },
  {
    key: 'mixed_white_black_caribbean',
    weight: 2,
    ethnicity: 'Mixed - White and Black Caribbean',
    religions: [
      ['No religion', 50],
      ['Christian', 40],
      ['', 10],
    ],
    eal: 0.01,
    boys: [],
    girls: [],
    surnames: [],
    mixOf: ['white_british', 'caribbean'],
  },
  {
    key: 'mixed_white_asian',
    weight: 1.5,
    ethnicity: 'Mixed - White and Asian',
    religions: [
      ['No religion', 45],
      ['Christian', 25],
      ['Hindu', 15],
      ['Muslim', 15],
    ],
    eal: 0.05,
    boys: [],
    girls: [],
    surnames: [],
    mixOf: ['white_british', 'indian_hindu'],
  },
];

const BY_KEY = new Map(BACKGROUNDS.map((b) => [b.key, b]));

export function backgroundByKey(key: string): Background {
  const b = BY_KEY.get(key);
  if (!b) throw new Error(`Unknown family background "${key}"`);
  return b;
}

/** The names a pupil may go by in school instead of the legal forename. */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  Alexander: ['Alex', 'Xander'],
  Alexandru: ['Alex'],
  Benjamin: ['Ben'],
  Charlotte: ['Lottie'],
  Chukwuemeka: ['Emeka'],
  Daniel: ['Dan', 'Danny'],
  Edward: ['Ed', 'Teddy'],
  Elizabeth: ['Lizzie', 'Beth'],
  Eleanor: ['Ellie'],
  Florence: ['Flo'],
  Harriet: ['Hattie'],
  Ifeoluwa: ['Ife'],
  Isabella: ['Bella', 'Izzy'],
  Jakub: ['Kuba'],
  Joshua: ['Josh'],
  Kacper: ['Casper'],
  Małgorzata: ['Gosia'],
  Margaret: ['Maggie', 'Peggy'],
  Matilda: ['Tilly'],
  Matthew: ['Matt'],
  Michał: ['Michael'],
  Oluwadamilola: ['Dami', 'Lola'],
  Oluwaseun: ['Seun'],
  Oluwatobi: ['Tobi'],
  Samuel: ['Sam'],
  Temitope: ['Temi'],
  Thomas: ['Tom', 'Tommy'],
  Tobiloba: ['Tobi'],
  William: ['Will', 'Billy'],
  Wojciech: ['Wojtek'],
  Zuzanna: ['Zuzia'],
  Ayomide: ['Ayo'],
  Đức: ['Duc'],
  Zihan: ['Jason'],
  Yichen: ['Eric'],
};

"""Pools of ordinary first and last names, grouped by naming tradition.

A worker's name is drawn from the traditions common in the country they claim
to live in, and operatives draw from exactly the same pools as everyone else:
the demo must never let the origin of a name carry any signal. An American in
the demo is as likely to be a Nguyen, a Kim or a García as the census suggests,
whatever group they belong to.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "anglo": _words(
        "James Michael Robert John David William Richard Joseph Thomas Christopher Daniel Matthew "
        "Anthony Mark Steven Andrew Joshua Kevin Brian Ryan Jacob Nicholas Tyler Brandon Justin "
        "Mary Patricia Jennifer Linda Elizabeth Sarah Jessica Emily Ashley Amanda Megan Rachel "
        "Lauren Hannah Olivia Emma Abigail Madison Chloe Grace Natalie Rebecca Katherine Samantha "
        "Jordan Taylor Morgan Casey Jamal Andre Darnell Keisha Tamika Malik Aaliyah"
    ),
    "hispanic": _words(
        "José Luis Carlos Juan Miguel Jorge Alejandro Diego Javier Fernando Ricardo Andrés Mateo "
        "Santiago Gabriel Daniel Sofía María Lucía Valentina Camila Isabella Daniela Gabriela "
        "Ana Fernanda Paula Carolina Mariana Natalia Andrea Elena Adriana Ximena"
    ),
    "chinese": _words(
        "Wei Jing Li Ming Hao Yan Xin Jun Lei Tao Chen Yu Hui Lin Fang Ying Qiang Jie Min Xiaoling "
        "Kevin Eric Michelle Grace Jason Vivian Alan Amy"
    ),
    "korean": _words(
        "Min-jun Seo-yeon Ji-hoon Ji-woo Hyun-woo Soo-jin Eun-ji Dong-hyun Ye-jin Jae-won Sung-min "
        "Hye-jin Young-ho Ha-eun Joon-ho Daniel Grace Joseph Esther Paul Christine Sarah"
    ),
    "vietnamese": _words(
        "Minh Anh Tuan Linh Huong Duc Thanh Hoa Quang Trang Hung Mai Phuong Long Nam Thu Khanh Vy "
        "Kevin Tina Tony Jenny"
    ),
    "indian": _words(
        "Rahul Amit Priya Ananya Arjun Vikram Sneha Pooja Rohan Karthik Aditya Neha Deepak Sanjay "
        "Kavya Ishaan Meera Aarav Divya Nikhil Ravi Shreya Harish Lakshmi Siddharth Varun Anjali "
        "Suresh Ramesh Tanvi"
    ),
    "pakistani": _words(
        "Ahmed Ali Hassan Usman Bilal Hamza Fatima Ayesha Zainab Sana Imran Omar Saad Hira Maryam "
        "Faisal Asad Nida Kamran Zara"
    ),
    "slavic_east": _words(
        "Oleksandr Andriy Dmytro Serhiy Mykola Yuriy Taras Bohdan Vitaliy Maksym Olena Iryna "
        "Natalia Oksana Tetiana Yulia Kateryna Anastasia Svitlana Daria Alexander Dmitri Ivan "
        "Nikolai Pavel Elena Olga Tatiana"
    ),
    "polish": _words(
        "Piotr Krzysztof Tomasz Paweł Michał Marcin Łukasz Jakub Mateusz Kamil Bartosz Wojciech "
        "Anna Katarzyna Magdalena Agnieszka Joanna Aleksandra Monika Natalia Karolina Zofia Ewa"
    ),
    "german": _words(
        "Lukas Jonas Felix Maximilian Leon Paul Tobias Florian Sebastian Julian Moritz Jan Anna "
        "Laura Lea Sophie Julia Lena Hannah Katharina Johanna Miriam Clara Franziska"
    ),
    "dutch": _words(
        "Daan Sem Lucas Bram Thijs Jesse Ruben Lars Sander Joost Sanne Lisa Femke Eva Anouk Fleur "
        "Iris Marieke Lotte Noor"
    ),
    "swedish": _words(
        "Erik Lars Anders Johan Karl Oskar Axel Nils Gustav Emil Anna Elin Sara Maja Ebba Linnea "
        "Karin Ida Frida Klara"
    ),
    "french": _words(
        "Lucas Hugo Louis Nathan Thomas Julien Antoine Maxime Nicolas Alexandre Camille Léa Manon "
        "Chloé Inès Julie Sarah Pauline Mathilde Élodie Émilie Claire"
    ),
    "italian": _words(
        "Marco Luca Giuseppe Francesco Alessandro Matteo Andrea Davide Stefano Simone Giulia "
        "Chiara Francesca Sara Martina Elena Valentina Federica Alessia Silvia"
    ),
    "romanian": _words(
        "Andrei Alexandru Mihai Ionuț Ștefan Cristian Adrian Bogdan Vlad Radu Ioana Maria Elena "
        "Andreea Alexandra Cristina Diana Raluca Bianca Roxana"
    ),
    "brazilian": _words(
        "João Pedro Lucas Gabriel Rafael Gustavo Felipe Thiago Bruno Rodrigo Leonardo Matheus "
        "Ana Beatriz Juliana Fernanda Larissa Camila Mariana Letícia Amanda Bruna Carolina Renata"
    ),
    "filipino": _words(
        "Juan Jose Mark John Paul Christian Angelo Carlo Miguel Rafael Jerome Maria Angelica "
        "Kristine Joanna Patricia Camille Nicole Mary Grace Jasmine Princess"
    ),
    "nigerian": _words(
        "Chinedu Emeka Oluwaseun Tunde Ifeanyi Obinna Kelechi Adebayo Segun Chukwuemeka Ngozi "
        "Chioma Funmilayo Aisha Blessing Adaeze Folake Temitope Yetunde Amaka"
    ),
    "arabic": _words(
        "Mohamed Ahmed Mahmoud Mostafa Omar Youssef Karim Tarek Khaled Amr Nour Mariam Yasmin "
        "Salma Hana Rana Dina Laila Sara Aya"
    ),
    "turkish": _words(
        "Mehmet Mustafa Ahmet Ali Emre Burak Can Murat Kerem Hakan Ayşe Fatma Zeynep Elif Merve "
        "Esra Selin Derya Ebru Büşra"
    ),
}

LAST_NAMES: dict[str, tuple[str, ...]] = {
    "anglo": _words(
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson "
        "Martin Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott "
        "Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker "
        "Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Bailey Reed Kelly "
        "Howard Ward Cox Brooks Bennett Wood Barnes Ross Henderson Coleman Jenkins Perry Powell "
        "Sullivan Russell Foster Bryant Hughes Butler Simmons Washington Griffin Hayes Myers Ford"
    ),
    "hispanic": _words(
        "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores "
        "Rivera Gómez Díaz Morales Reyes Cruz Ortiz Gutiérrez Chávez Ramos Ruiz Mendoza Castillo "
        "Jiménez Vargas Romero Herrera Medina Aguilar Castro Vázquez Moreno Álvarez Navarro"
    ),
    "chinese": _words(
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao Zheng "
        "Liang Xie Tang Han Feng Deng Cao Wong Chan Lee"
    ),
    "korean": _words(
        "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Yoo Hong"
    ),
    "vietnamese": _words(
        "Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly Truong Dinh"
    ),
    "indian": _words(
        "Sharma Patel Singh Kumar Gupta Reddy Nair Iyer Rao Mehta Shah Joshi Desai Menon Pillai "
        "Chatterjee Banerjee Mukherjee Verma Agarwal Kapoor Malhotra Bhat Krishnan Srinivasan Das"
    ),
    "pakistani": _words(
        "Khan Ahmed Ali Hussain Malik Qureshi Sheikh Butt Chaudhry Raza Javed Iqbal Siddiqui Mirza Abbasi"
    ),
    "slavic_east": _words(
        "Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Oliynyk Melnyk Boyko Koval Savchenko "
        "Rudenko Marchenko Lysenko Moroz Petrenko Ivanov Petrov Sokolov Popov Lebedev Kozlov Novikov"
    ),
    "polish": _words(
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański "
        "Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski"
    ),
    "german": _words(
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter "
        "Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange"
    ),
    "dutch": _words(
        "de Jong Jansen de Vries van den Berg van Dijk Bakker Janssen Visser Smit Meijer de Boer "
        "Mulder de Groot Bos Vos Peters Hendriks van Leeuwen Dekker Brouwer"
    ),
    "swedish": _words(
        "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
        "Pettersson Jonsson Jansson Hansson Bengtsson Lindberg Lindqvist Berg"
    ),
    "french": _words(
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
        "Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard"
    ),
    "italian": _words(
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti "
        "De Luca Costa Giordano Mancini Rizzo Lombardi Moretti"
    ),
    "romanian": _words(
        "Popescu Ionescu Popa Pop Stan Dumitru Stoica Gheorghe Matei Ciobanu Munteanu Rusu Moldovan "
        "Constantin Marin Lazăr Florea Dinu"
    ),
    "brazilian": _words(
        "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro "
        "Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Mendes Araújo"
    ),
    "filipino": _words(
        "Santos Reyes Cruz Bautista Ocampo Garcia Mendoza Torres Tomas Andrada Castillo Flores "
        "Villanueva Ramos Castro Rivera Aquino Navarro Dela Cruz Salazar"
    ),
    "nigerian": _words(
        "Okafor Adeyemi Okonkwo Eze Nwosu Olawale Adebayo Ogunleye Chukwu Obi Balogun Okeke "
        "Afolabi Ibrahim Bello Nwachukwu Uche Onyeka"
    ),
    "arabic": _words(
        "Hassan Ibrahim Mahmoud Mostafa Ali Abdelrahman Salem Farouk Nasser Khalil Saleh Mansour "
        "Youssef Said Hamdy Fathy Soliman Ragab"
    ),
    "turkish": _words(
        "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç "
        "Aslan Çetin Kara Koç Kurt"
    ),
}

# Multi-word surnames were split by ``_words``; these re-join them.
_COMPOUND = {
    "de Jong",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "de Boer",
    "de Groot",
    "van Leeuwen",
    "De Luca",
    "Dela Cruz",
}


def _rejoin(words: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            joined = " ".join(words[i : i + size])
            if joined in _COMPOUND:
                out.append(joined)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


LAST_NAMES = {k: _rejoin(v) for k, v in LAST_NAMES.items()}
CULTURES: tuple[str, ...] = tuple(sorted(FIRST_NAMES))

# Common short forms, so that "Chris Moore" on LinkedIn and "Christopher Moore"
# on the application read as the same person (as real sources do).
NICKNAMES: dict[str, str] = {
    "Christopher": "Chris",
    "Michael": "Mike",
    "Robert": "Rob",
    "William": "Will",
    "Richard": "Rick",
    "Joseph": "Joe",
    "Thomas": "Tom",
    "Daniel": "Dan",
    "Matthew": "Matt",
    "Anthony": "Tony",
    "Andrew": "Andy",
    "Nicholas": "Nick",
    "Jennifer": "Jen",
    "Elizabeth": "Liz",
    "Katherine": "Kate",
    "Samantha": "Sam",
    "Rebecca": "Becky",
    "Alexander": "Alex",
    "Alejandro": "Alex",
    "Oleksandr": "Sasha",
    "Maximilian": "Max",
    "Sebastian": "Basti",
    "Krzysztof": "Krzys",
    "Aleksandra": "Ola",
    "Francesco": "Franco",
    "Alessandro": "Sandro",
    "Gabriel": "Gabe",
    "Kateryna": "Katya",
}
